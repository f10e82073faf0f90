/**
 * `wolfpack proplist encode|decode`: build the byte-exact CLUSPROP property list that the Ex calls
 * carry (to a file or stdout), and read one back as a typed table with a hex dump, or as JSON.
 */
import type { Command } from 'commander';
import { decodePropertyList, encodePropertyList, formatPropertyList, hexDump, parsePropertyListJson, propertyListToJson } from '../proplist/index.js';
import type { CliContext } from './main.js';

export function registerProplistCommands(program: Command, ctx: CliContext): void {
  const proplist = program.command('proplist').description('encode and decode CLUSPROP property lists (offline instructions)');

  proplist
    .command('encode')
    .description('encode a property list from its JSON form; bytes go to stdout or --output')
    .requiredOption('--json <json>', 'the property list as JSON, e.g. \'{"Virtual Machine": {"type": "dword", "value": 1}}\'')
    .option('-o, --output <file>', 'write the bytes to this file instead of stdout')
    .action((opts: { json: string; output?: string }) => {
      const bytes = encodePropertyList(parsePropertyListJson(opts.json));
      if (opts.output) {
        ctx.io.writeFile(opts.output, bytes);
        ctx.io.err(`wrote ${bytes.length} bytes to ${opts.output}`);
      } else {
        ctx.io.writeBytes(bytes);
      }
    });

  proplist
    .command('decode')
    .description('decode a property-list file: a typed view and a hex dump, or --json')
    .argument('<file>', 'the file holding the bytes')
    .option('--json', 'print the JSON form instead')
    .action((file: string, opts: { json?: boolean }) => {
      const bytes = ctx.io.readFile(file);
      const list = decodePropertyList(bytes);
      if (opts.json) {
        ctx.io.out(JSON.stringify(propertyListToJson(list), null, 2));
        return;
      }
      ctx.io.out(formatPropertyList(list));
      ctx.io.out('');
      ctx.io.out(`${bytes.length} bytes:`);
      ctx.io.out(hexDump(bytes));
    });
}
