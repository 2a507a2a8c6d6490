// Keeps /pull-requests/{id} live: follows its session's server-sent events from the last one the page was rendered with
// (EventSource resumes with Last-Event-ID by itself after a drop) and appends this pull request's reviews, comments,
// resolved threads, state changes and checks turning red or green to the timeline; a change of the checks' state also
// updates the checks' badge, failing names and list (read again from the API). Everything is written as text; links are
// http(s) only.
(() => {
  const main = document.querySelector('[data-pull-request-id][data-session-id]');
  if (!main || !('EventSource' in window)) {
    return;
  }

  const pullRequest = main.dataset.pullRequestId;
  const list = document.getElementById('timeline');
  const status = document.getElementById('pr-status');
  const http = (url) => typeof url === 'string' && /^https?:\/\//i.test(url);
  const span = (className, text) => {
    const element = document.createElement(className === 'untrusted-mark' ? 'strong' : 'span');
    element.className = className;
    element.textContent = text;
    return element;
  };

  const append = (kind, data, parts) => {
    const item = document.createElement('li');
    item.className = `item item-${kind}` + (data.trusted === false ? ' untrusted' : '');
    const meta = document.createElement('div');
    meta.className = 'meta';
    meta.append(span('kind', kind), ...parts);
    if (data.trusted === false) {
      meta.append(span('untrusted-mark', 'not trusted'));
    }

    item.append(meta);
    if (data.body) {
      const text = document.createElement('p');
      text.className = 'text';
      text.textContent = data.body;
      item.append(text);
    }

    if (http(data.url)) {
      const link = document.createElement('a');
      link.className = 'source';
      link.href = data.url;
      link.textContent = 'view on the provider';
      item.append(link);
    }

    list.append(item);
  };

  const source = new EventSource(`/api/sessions/${encodeURIComponent(main.dataset.sessionId)}/events?after=${encodeURIComponent(main.dataset.lastSeq || '0')}`);
  source.addEventListener('review.submitted', (event) => {
    const data = JSON.parse(event.data);
    if (data.pullRequestId === pullRequest) {
      append('review', data, [span(`status review-${data.state}`, String(data.state).replace('_', ' ')), span('who', data.author)]);
    }
  });
  source.addEventListener('review.comment', (event) => {
    const data = JSON.parse(event.data);
    if (data.pullRequestId === pullRequest) {
      const parts = [span('who', data.author)];
      if (data.path) {
        const where = document.createElement('code');
        where.className = 'where';
        where.textContent = data.line ? `${data.path}:${data.line}` : data.path;
        parts.push(where);
      }

      append(data.kind, data, parts);
    }
  });
  source.addEventListener('review.thread_resolved', (event) => {
    const data = JSON.parse(event.data);
    if (data.pullRequestId === pullRequest) {
      append('thread', {}, [span('resolved', data.resolved ? 'resolved' : 'reopened')]);
    }
  });
  const failingConclusions = ['failure', 'error', 'timed_out', 'cancelled', 'action_required'];
  const passingConclusions = ['success', 'neutral', 'skipped'];
  const refreshChecks = async () => {
    const list = document.getElementById('checks');
    if (!list) {
      return;
    }

    try {
      const response = await fetch(`/api/pull-requests/${encodeURIComponent(pullRequest)}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (!response.ok) {
        return;
      }

      const checks = (await response.json()).checks || {};
      const items = checks.items || [];
      if (typeof checks.state === 'string') {
        showState(checks.state, Array.isArray(checks.failing) ? checks.failing.map(String) : []);
      }

      list.replaceChildren(...items.map((check) => {
        const item = document.createElement('li');
        const outcome = check.conclusion || check.status;
        item.className = failingConclusions.includes(outcome) ? 'failing' : passingConclusions.includes(outcome) ? 'passing' : 'running';
        let name = span('', String(check.name));
        if (http(check.url)) {
          name = document.createElement('a');
          name.href = check.url;
          name.textContent = String(check.name);
        }

        item.append(name, ' ', span('kind', String(check.kind)), ' ', span('', String(outcome)));
        return item;
      }));
      const none = document.getElementById('checks-none');
      if (none) {
        none.hidden = items.length > 0;
      }
    } catch {
      // The badge and the timeline are already up to date; the list catches up on the next change or a reload.
    }
  };

  // The session hears each state of a head once; a head back in a state it had (green for a moment before its other
  // checks reported, pending, green again) says nothing more, so while the badge says pending the list is read again.
  let polling = null;
  function showState(state, failing) {
    const badge = document.getElementById('checks-state');
    if (badge) {
      badge.textContent = state;
      badge.className = `status checks-${state}`;
    }

    const names = document.getElementById('checks-failing');
    if (names) {
      names.textContent = `Failing: ${failing.join(', ')}`;
      names.hidden = failing.length === 0;
    }

    if (state === 'pending' && polling === null) {
      polling = setInterval(refreshChecks, 20000);
    } else if (state !== 'pending' && polling !== null) {
      clearInterval(polling);
      polling = null;
    }
  }

  const initial = document.getElementById('checks-state');
  if (initial && initial.textContent.trim() === 'pending') {
    showState('pending', []);
  }

  source.addEventListener('checks.updated', (event) => {
    const data = JSON.parse(event.data);
    if (data.pullRequestId !== pullRequest) {
      return;
    }

    const state = String(data.state);
    const failing = Array.isArray(data.failing) ? data.failing.map(String) : [];
    showState(state, failing);

    append('checks', { body: failing.join(', ') }, [span(`status checks-${state}`, state), span('who', `on ${String(data.headSha).slice(0, 7)}`)]);
    refreshChecks();
  });

  for (const kind of ['pr.updated', 'pr.merged', 'pr.closed']) {
    source.addEventListener(kind, (event) => {
      const data = JSON.parse(event.data);
      if (data.pullRequestId !== pullRequest) {
        return;
      }

      if (status && data.status) {
        status.textContent = data.status;
        status.className = `status status-${data.status}`;
      }

      if (kind !== 'pr.updated') {
        append(kind === 'pr.merged' ? 'merged' : 'closed', {}, [span('what', kind === 'pr.merged' ? 'Merged' : 'Closed without merging')]);
      }
    });
  }
})();
