// The example's task: any program. Locally fanout runs it for the Batch job definition "greet" in
// fanout.local.json; on AWS the same command is the job's container command.
const name = process.argv[2] ?? 'world';
if (name === '') {
  console.error('greet: nobody to greet');
  process.exit(1);
}
console.log(`Hello, ${name}!`);
