/** `/ui/dlq`: the dead-letter queue's messages with their error, cause and origin, and redrive. */
import { api, ApiError, append, clear, errorNotice, executionUrl, formatTime, h } from './dom';
import type { MachineExecutions } from './list-page';

interface DeadLetter {
  messageId: string;
  body: string;
  sent?: number;
  receiveCount?: number;
  error?: string;
  cause?: string;
  execution?: string;
  state?: string;
}

interface DeadLetters {
  queue: string;
  queueUrl: string;
  messages: DeadLetter[];
}

interface RedriveResult {
  moved: number;
  selected: number;
  failed: { messageId: string; reason: string }[];
}

export async function dlqPage(main: HTMLElement, flash?: HTMLElement): Promise<void> {
  const queue = new URLSearchParams(location.search).get('queue') ?? 'fanout-dlq';
  let letters: DeadLetters;
  try {
    letters = await api<DeadLetters>(`/ui/api/dlq?queue=${encodeURIComponent(queue)}`);
  } catch (error) {
    clear(main);
    append(main, h('h1', {}, 'Dead-letter queue'), flash, errorNotice(error));
    if (error instanceof ApiError) return;
    throw error;
  }
  const machines = await api<MachineExecutions[]>('/ui/api/executions?executions=0');
  clear(main);
  append(main, h('h1', {}, `Dead-letter queue ${letters.queue}`), flash);
  if (letters.messages.length === 0) {
    main.append(h('p', { class: 'notice' }, 'The queue is empty.'));
    return;
  }
  const body = h('tbody');
  const boxes: HTMLInputElement[] = [];
  for (const m of letters.messages) {
    const box = h('input', { type: 'checkbox', value: m.messageId, 'aria-label': `Select message ${m.messageId}` });
    boxes.push(box);
    body.append(
      h(
        'tr',
        { 'data-message': m.messageId },
        h('td', {}, box),
        h('td', { class: 'wrap' }, m.messageId),
        h('td', {}, formatTime(m.sent)),
        h('td', {}, m.receiveCount ?? ''),
        h('td', { class: 'wrap' }, h('strong', {}, m.error ?? '')),
        h('td', { class: 'wrap' }, m.cause ?? (m.error === undefined ? m.body : '')),
        h(
          'td',
          { class: 'wrap' },
          m.execution === undefined
            ? ''
            : h('a', { href: executionUrl(m.execution) }, m.execution.split(':').slice(6).join(':')),
          m.state === undefined ? '' : ` @ ${m.state}`,
        ),
      ),
    );
  }
  main.append(
    h(
      'table',
      { class: 'dlq' },
      h(
        'thead',
        {},
        h('tr', {}, ...['', 'Message', 'Sent', 'Receives', 'Error', 'Cause', 'Origin'].map((t) => h('th', {}, t))),
      ),
      body,
    ),
  );

  const toQueue = h('input', { type: 'radio', name: 'target', value: 'queue', id: 'target-queue', checked: true });
  const toMachine = h('input', { type: 'radio', name: 'target', value: 'start', id: 'target-start' });
  const queueInput = h('input', {
    type: 'text',
    id: 'redrive-queue',
    'aria-label': 'Queue name or URL',
    placeholder: 'queue name or URL',
  });
  const machineSelect = h('select', { id: 'redrive-machine', 'aria-label': 'State machine' });
  for (const m of machines) machineSelect.append(h('option', { value: m.stateMachineArn }, m.name));
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Redrive');
  const form = h(
    'form',
    { class: 'inline', id: 'redrive-form' },
    h('strong', {}, 'Redrive the selected messages (all when none is selected):'),
    h('label', {}, toQueue, 'send to queue'),
    queueInput,
    h('label', {}, toMachine, 'start an execution of'),
    machineSelect,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const selected = boxes.filter((b) => b.checked).map((b) => b.value);
    const request = {
      queue,
      ...(toQueue.checked ? { to: queueInput.value.trim() } : { start: machineSelect.value }),
      ...(selected.length > 0 ? { messageIds: selected } : {}),
    };
    submit.disabled = true;
    api<RedriveResult>('/ui/api/dlq/redrive', request)
      .then((result) => {
        const lines = [`Redrove ${result.moved} of ${result.selected} message(s).`];
        for (const f of result.failed) lines.push(`${f.messageId} kept: ${f.reason}`);
        return dlqPage(main, h('p', { class: 'notice', role: 'status' }, lines.join(' ')));
      })
      .catch((error: unknown) => {
        submit.disabled = false;
        form.after(errorNotice(error));
      });
  });
  main.append(form);
}
