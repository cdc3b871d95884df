/** The page's entry: routes `/ui/…` to its view and reports failures on the page. */
import { activitiesPage } from './activities-page';
import { dlqPage } from './dlq-page';
import { errorNotice, h } from './dom';
import { executionPage } from './execution-page';
import { listPage } from './list-page';
import { machinePage } from './machine-page';
import { rulesPage } from './rules-page';

async function route(main: HTMLElement): Promise<void> {
  const path = location.pathname;
  if (path.startsWith('/ui/executions/')) {
    await executionPage(main, decodeURIComponent(path.slice('/ui/executions/'.length)));
  } else if (path.startsWith('/ui/machines/')) {
    await machinePage(main, decodeURIComponent(path.slice('/ui/machines/'.length)));
  } else if (path === '/ui/activities') {
    await activitiesPage(main);
  } else if (path === '/ui/rules') {
    await rulesPage(main);
  } else if (path === '/ui/dlq') {
    await dlqPage(main);
  } else {
    await listPage(main);
  }
}

const main = document.getElementById('main');
if (main) {
  route(main).catch((error: unknown) => {
    main.replaceChildren(h('h1', {}, 'Could not show this page'), errorNotice(error));
    document.body.setAttribute('data-rendered', 'error');
  });
}
