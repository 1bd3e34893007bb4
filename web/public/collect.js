/* Yardstick collector (docs/collector.md) */
((w, d, n) => {
  const s = d.currentScript;
  const ep = s?.getAttribute('data-endpoint') || `${s?.src ? new URL(s.src).origin : ''}/collect`;
  const K = '_ys_vid';
  const re = /^https?:\/\//i;
  const q = [];
  let t = 0;
  let userId = null;
  if (s?.hasAttribute('data-respect-dnt') && n.doNotTrack === '1') return;
  const rid = () => w.crypto?.randomUUID?.() ?? Date.now().toString(36) + Math.random().toString(36).slice(2);
  const visitorId = () => {
    let v = d.cookie.match(/(?:^|; )_ys_vid=([\w-]{8,64})/)?.[1];
    try {
      v = v || localStorage.getItem(K) || rid();
      localStorage.setItem(K, v);
    } catch {
      v = v || rid();
    }
    d.cookie = `${K}=${v};path=/;max-age=63072000;SameSite=Lax${location.protocol === 'https:' ? ';Secure' : ''}`;
    return v;
  };
  const visitor = visitorId();
  const flush = () => {
    clearTimeout(t);
    t = 0;
    while (q.length) {
      const body = JSON.stringify({ events: q.splice(0, 20) });
      let sent = false;
      try {
        sent = n.sendBeacon?.(ep, new Blob([body], { type: 'text/plain' }));
      } catch {}
      if (!sent) {
        fetch(ep, {
          method: 'POST',
          body,
          keepalive: true,
          credentials: 'omit',
          headers: { 'content-type': 'text/plain' },
        }).catch(() => {});
      }
    }
  };
  const track = (type, props) => {
    if (!re.test(location.href)) return;
    const r = d.referrer;
    const e = { type, id: rid(), ts: Date.now(), visitor_id: visitor, url: location.href.slice(0, 2048) };
    e.referrer = re.test(r) ? r.slice(0, 2048) : '';
    if (userId) e.user_id = String(userId).slice(0, 128);
    if (props) {
      e.props = {};
      for (const k of Object.keys(props))
        e.props[k.slice(0, 64)] = typeof props[k] === 'string' ? props[k].slice(0, 1024) : props[k];
    }
    q.push(e);
    if (q.length >= 20) flush();
    else if (!t) t = setTimeout(flush, 2000);
  };
  w.yardstick = { track, flush, identify: (id) => (userId = id) };
  const pv = () => track('page_view');
  const push = history.pushState;
  history.pushState = function (...a) {
    push.apply(this, a);
    pv();
  };
  w.addEventListener('popstate', pv);
  const on = (type, fn) => d.addEventListener(type, fn, true);
  on('submit', (ev) => {
    const f = ev.target;
    track('form_submit', { form: String(f.id || f.name || f.getAttribute('action') || '') });
  });
  on('click', (ev) => {
    const el = ev.target?.closest ? ev.target : null;
    const sh = el?.closest('[data-share]');
    if (sh) track('share', { network: sh.getAttribute('data-share') || '' });
    const a = el?.closest('a[href]');
    if (a && /\.(pdf|zip|rar|7z|docx?|xlsx?|pptx?|csv|txt|apk|dmg|exe)(\?|#|$)/i.test(a.href))
      track('download', { file: a.href });
  });
  w.addEventListener('pagehide', flush);
  on('visibilitychange', () => d.visibilityState === 'hidden' && flush());
  pv();
})(window, document, navigator);
