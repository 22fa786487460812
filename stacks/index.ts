// The Pulumi entry point (package.json "main"): Pulumi calls the exported function and uses what it
// returns as the stack outputs.
import { stackProgram } from "./program";

export = stackProgram;
