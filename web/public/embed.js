/*
 * Switchboard embed loader. Paste where the chart should appear:
 *   <script src="https://<switchboard>/embed.js" data-chart="trend" data-metric="aht" data-days="28"
 *           data-token="<embed token from createEmbedToken>" data-title="Handle time" async></script>
 * It puts an iframe of /embed/<chart> after itself; every data-* attribute but chart, token,
 * title, width and height becomes a parameter of the chart (see web/src/embed/embedSpec.ts).
 * The token goes in the frame's fragment, which is never sent to any server.
 */
(function () {
  var script = document.currentScript;
  if (!script) return;
  var d = script.dataset;
  var skip = { chart: 1, token: 1, title: 1, width: 1, height: 1 };
  var params = new URLSearchParams();
  Object.keys(d).forEach(function (k) {
    if (!skip[k]) params.set(k, d[k]);
  });
  var frame = document.createElement('iframe');
  frame.src = new URL(script.src).origin + '/embed/' + encodeURIComponent(d.chart || 'trend') + '?' + params.toString() + '#token=' + encodeURIComponent(d.token || '');
  frame.title = d.title || 'Switchboard chart';
  frame.width = d.width || '640';
  frame.height = d.height || '360';
  frame.style.border = '0';
  frame.setAttribute('loading', 'lazy');
  script.parentNode.insertBefore(frame, script.nextSibling);
})();
