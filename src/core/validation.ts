import type { z } from "zod";

/** Lists each invalid field with what was expected, so the model can fix the call itself. */
export function formatValidationError(toolName: string, error: z.ZodError): string {
  const lines = error.issues.slice(0, 10).map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join(".") : "(arguments)";
    return `- ${field}: ${issue.message}`;
  });
  if (error.issues.length > 10) lines.push(`- …and ${error.issues.length - 10} more`);
  return `Invalid arguments for ${toolName}:\n${lines.join("\n")}\nFix these fields (see the tool's input schema) and call again.`;
}
