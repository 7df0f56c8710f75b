// Drives the npm package piston-client against a Sandgate gateway and prints what it answered, as
// JSON, for PistonClientTest to check. Usage: node run.mjs <server URL with key> <server URL without key>
import { piston } from 'piston-client';

const [server, serverWithoutKey] = process.argv.slice(2);
const client = piston({ server });

const answers = {
  runtimes: await client.runtimes(),
  // The client's defaults: the newest version of the language, args ["1", "2", "3"], 3 s.
  defaults: await client.execute('python', 'import sys\nprint(sys.argv[1:])'),
  stdin: await client.execute('python', 'print(input()[::-1])', { stdin: 'olleh' }),
  args: await client.execute('pypy', 'import sys\nprint(sys.argv[1:])', { args: ['a', 'b c'] }),
  files: await client.execute({
    language: 'python',
    files: [{ name: 'main.py', content: 'import helper\nprint(helper.answer)' }, { name: 'helper.py', content: 'answer = 42' }],
  }),
  timeout: await client.execute('pypy', 'while True: pass', { runTimeout: 500 }),
  unknownLanguage: await client.execute({ language: 'cobol', version: '*', files: [{ content: 'DISPLAY "hi"' }] }),
  missingKey: await piston({ server: serverWithoutKey }).runtimes(),
};
console.log(JSON.stringify(answers));
