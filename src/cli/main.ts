#!/usr/bin/env node
// ink's chalk ignores NO_COLOR; FORCE_COLOR=0 must be set before anything imports chalk, which is
// why this entry point imports the program dynamically.
if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0';

const { runCli } = await import('./program.js');
const { processIo } = await import('./io.js');

// `capsim … | head` closes stdout early; that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const code = await runCli(process.argv.slice(2), processIo());
process.exitCode = code;
