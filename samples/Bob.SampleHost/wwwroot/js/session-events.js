// Keeps /sessions/{id} live: follows the session's server-sent events from the last one the page was rendered with
// (EventSource resumes with Last-Event-ID by itself after a drop) and updates the pull request header and the event list.
(() => {
  const main = document.querySelector('[data-session-id]');
  if (!main || !('EventSource' in window)) {
    return;
  }

  const list = document.getElementById('events');
  const status = document.getElementById('pr-status');
  const source = new EventSource(`/api/sessions/${encodeURIComponent(main.dataset.sessionId)}/events?after=${encodeURIComponent(main.dataset.lastSeq || '0')}`);
  const show = (event) => {
    const data = JSON.parse(event.data);
    const item = document.createElement('li');
    const kind = document.createElement('span');
    kind.className = 'kind';
    kind.textContent = event.type;
    item.append(kind, ` #${data.number ?? ''} ${data.title ?? ''}`);
    list.append(item);
    if (status) {
      const next = data.status ?? (event.type === 'pr.created' ? 'draft' : null);
      if (next) {
        status.textContent = next;
        status.className = `status status-${next}`;
      }
    }
  };

  for (const kind of ['pr.created', 'pr.updated', 'pr.merged', 'pr.closed']) {
    source.addEventListener(kind, show);
  }

  source.onmessage = show;
})();
