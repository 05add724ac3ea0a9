import type { Command } from 'commander';
import { scenarioJsonSchemaText } from '../../scenario/json-schema.js';
import type { CliIo } from '../io.js';

export function registerSchema(program: Command, io: CliIo): void {
  program
    .command('schema')
    .description('print the JSON Schema (draft 2020-12) of the scenario format, for editors')
    .action(() => {
      io.stdout.write(scenarioJsonSchemaText());
    });
}
