// Tests of workflows/hello.asl.json with fanout's test kit: `node --test` runs them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFanout } from 'fanout/testing';

// Step Functions Local's mock configuration: per test case, the Task states answered without running anything.
const mockConfig = {
  StateMachines: {
    hello: {
      TestCases: {
        JobSucceeds: { Greet: 'JobSucceeded' },
        JobKeepsFailing: { Greet: 'JobFailed' },
      },
    },
  },
  MockedResponses: {
    JobSucceeded: { 0: { Return: { Status: 'SUCCEEDED', Container: { ExitCode: 0 } } } },
    JobFailed: { '0-2': { Throw: { Error: 'States.TaskFailed', Cause: 'the job exited 1' } } },
  },
};

let fanout;
before(async () => {
  // Virtual time (the default): the hour-long Wait and the retries' back-off take no real time.
  fanout = await startFanout({ mockConfig });
});
after(() => fanout.stop());

test('a mocked job, then the one-hour cool-down, in under a second', async () => {
  const started = Date.now();
  const result = await fanout.run('workflows/hello.asl.json', { input: { name: 'Ada' }, testCase: 'JobSucceeds' });
  const elapsed = Date.now() - started;

  assert.equal(result.status, 'SUCCEEDED');
  assert.deepEqual(result.states, ['Greet', 'CoolDown', 'Done']);
  assert.deepEqual(result.output, { name: 'Ada', greeting: { status: 'SUCCEEDED', exitCode: 0 } });
  const waited = result.history.filter(
    (event) => event.type === 'WaitStateEntered' || event.type === 'WaitStateExited',
  );
  assert.equal(waited.length, 2);
  assert.ok(waited[1].timestamp - waited[0].timestamp >= 3600_000, 'the execution waited an hour of its time');
  assert.ok(elapsed < 1000, `took ${elapsed} ms`);
});

test('a job that keeps failing is retried twice, then caught', async () => {
  const result = await fanout.run('workflows/hello.asl.json', { input: { name: 'Ada' }, testCase: 'JobKeepsFailing' });

  assert.equal(result.status, 'FAILED');
  assert.equal(result.error, 'GreetingFailed');
  assert.deepEqual(result.states, ['Greet', 'GreetingFailed']);
  assert.equal(result.history.filter((event) => event.type === 'TaskFailed').length, 3);
});

test("the real job: fanout.local.json's command runs", async () => {
  const result = await fanout.run('workflows/hello.asl.json', { input: { name: 'Grace' } });

  assert.equal(result.status, 'SUCCEEDED', result.cause);
  assert.deepEqual(result.output.greeting, { status: 'SUCCEEDED', exitCode: 0 });
});
