// The GraphiQL page and the script that starts it. Every URL in them is relative, so the page works
// at /graphql and /graphiql alike, and behind a proxy that mounts the gateway under a prefix; the
// Content-Security-Policy sent with the page (graphiql.ts) lets nothing load from anywhere else.

/** Where the page's assets are served, relative to the page. */
export const ASSET_PREFIX = 'graphiql/assets/';

/** The page itself: React, ReactDOM and GraphiQL's browser bundles, then the start script. */
export const GRAPHIQL_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>dangvien · GraphiQL (development)</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${ASSET_PREFIX}graphiql.css" />
    <style>
      html, body, #graphiql { height: 100%; margin: 0; }
    </style>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script src="${ASSET_PREFIX}react.js"></script>
    <script src="${ASSET_PREFIX}react-dom.js"></script>
    <script src="${ASSET_PREFIX}graphiql.js"></script>
    <script src="${ASSET_PREFIX}start.js"></script>
  </body>
</html>
`;

/** Shown in the editor on a first visit: how to call as someone rather than anonymously. */
const WELCOME = `# dangvien gateway: GraphiQL for development (production serves none).
#
# Without a token every call is anonymous and sees nothing personal. To call as someone, print a
# development token with
#   ./dangvien token --role PROVINCIAL_ADMIN --scope sensitive:read
# and put it in the Headers tab below:
#   { "authorization": "Bearer <the token>" }

query Hello {
  __typename
}
`;

/**
 * Starts GraphiQL on the gateway's own /graphql (relative to the page). The fetcher POSTs JSON,
 * which the gateway's CSRF prevention accepts (a simple form post or a GET without a preflight
 * header would not run a mutation); the Headers tab's JSON is added to every request, which is how
 * a developer's bearer token reaches the gateway. Headers are not persisted: a token stays in the
 * tab it was pasted into.
 */
export const START_SCRIPT = `'use strict';
(function () {
  var url = new URL('graphql', document.baseURI).href;
  var fetcher = GraphiQL.createFetcher({ url: url });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: ${JSON.stringify(WELCOME)},
      defaultEditorToolsVisibility: 'headers',
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
    }),
  );
})();
`;
