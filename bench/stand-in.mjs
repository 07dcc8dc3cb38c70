// The demo backend in a process of its own, so that the bench's direct requests and the
// server's requests both cross a process boundary to reach it.
import { startDemoBackend } from "../dist/demo/backend.js";

const backend = await startDemoBackend();
process.stdout.write(`${backend.url}\n`);
process.stdin.resume();
process.stdin.on("end", () => backend.close().then(() => process.exit(0)));
