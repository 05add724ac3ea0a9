import type { Command } from 'commander';
import type { CliIo } from '../io.js';

export function registerValidate(program: Command, io: CliIo): void {
  void program;
  void io;
}
