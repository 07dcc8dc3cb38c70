/** The JSON-RPC error a request fails with: its code and message (without the client's "MCP error N: " prefix). */
export async function failure(promise: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    const { code, message } = error as { code: number; message: string };
    return { code, message: message.replace(/^MCP error -?\d+: /, "") };
  }
  throw new Error("expected the request to fail");
}
