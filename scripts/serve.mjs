// Static server for the crmkit demo page. No dependencies (node:http only).
//
//   default: /  -> dist/        (the bundled page from scripts/bundle.mjs; what you would deploy)
//   --dev:   /  -> www/ and /pkg/... -> pkg/web/...   (the sources, unbundled, for editing)
//
// Usage: node scripts/serve.mjs [--dev]    (PORT=8080 HOST=127.0.0.1 by default)
// API:   const { url, port, close } = await startServer({ port: 0, dev: false });

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.csv': 'text/csv; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8', // wasm-bindgen's .d.ts files, if anyone asks
  '.txt': 'text/plain; charset=utf-8',
};

// The same policy as the page's <meta> tag, also as a header: a Web Worker takes its CSP from its
// own response, not from the page, so only the header keeps `connect-src 'none'` in the worker.
export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; " +
  "img-src 'self' data:; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";

// The service worker (www/sw.js) also takes its CSP from its own response, and it must fetch the
// page's files to keep them for offline use: same-origin connections and nothing else. It never
// sees customer data (the Web Worker reads the file the page hands it, not through a request).
export const SW_CSP = "default-src 'none'; connect-src 'self'";

const COMMON_HEADERS = {
  'Content-Security-Policy': CSP,
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

function send(res, status, body, extra = {}) {
  const buf = Buffer.from(body, 'utf8');
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': buf.length,
    ...extra,
  });
  res.end(res.req.method === 'HEAD' ? undefined : buf);
}

/**
 * Map a request path to a file on disk.
 * Returns { file } or { status } (403 for traversal attempts, 400 for malformed paths).
 */
function resolvePath(root, rawUrl, dev) {
  const pathname = rawUrl.split(/[?#]/, 1)[0];
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { status: 400 };
  }
  if (!decoded.startsWith('/')) return { status: 400 };
  if (decoded.includes('\0') || decoded.includes('\\')) return { status: 403 };
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return { status: 403 };

  let base;
  let rest;
  if (!dev) {
    base = path.join(root, 'dist');
    rest = decoded;
  } else if (decoded === '/pkg' || decoded.startsWith('/pkg/')) {
    base = path.join(root, 'pkg', 'web');
    rest = decoded.slice('/pkg'.length);
  } else {
    base = path.join(root, 'www');
    rest = decoded;
  }
  const file = path.resolve(base, '.' + rest);
  if (file !== base && !file.startsWith(base + path.sep)) return { status: 403 };
  return { file, base, isDirPath: rest === '' || rest.endsWith('/') };
}

async function handle(root, dev, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return send(res, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
  }
  const r = resolvePath(root, req.url || '/', dev);
  if (r.status === 400) return send(res, 400, 'Bad Request\n');
  if (r.status === 403) return send(res, 403, 'Forbidden\n');

  let file = r.file;
  let stat;
  try {
    stat = await fs.promises.stat(file);
    if (stat.isDirectory()) {
      file = path.join(file, 'index.html');
      stat = await fs.promises.stat(file);
    }
    // Do not follow symlinks out of the served folder.
    const real = await fs.promises.realpath(file);
    const realBase = await fs.promises.realpath(r.base);
    if (!real.startsWith(realBase + path.sep)) return send(res, 403, 'Forbidden\n');
  } catch {
    return send(res, 404, 'Not Found\n');
  }
  if (!stat.isFile()) return send(res, 404, 'Not Found\n');

  const type = MIME[path.extname(file).toLowerCase()] || 'application/octet-stream';
  const csp = file === path.join(r.base, 'sw.js') ? SW_CSP : CSP;
  res.writeHead(200, { ...COMMON_HEADERS, 'Content-Security-Policy': csp, 'Content-Type': type, 'Content-Length': stat.size });
  if (req.method === 'HEAD') return res.end();
  const stream = fs.createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/**
 * Start the demo server.
 * @param {{port?: number, host?: string, root?: string, dev?: boolean}} [options]
 * @returns {Promise<{url: string, port: number, close: () => Promise<void>}>}
 */
export async function startServer({ port = 0, host = '127.0.0.1', root = REPO_ROOT, dev = false } = {}) {
  const absRoot = path.resolve(root);
  const server = http.createServer((req, res) => {
    handle(absRoot, dev, req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'Internal Server Error\n');
      else res.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = server.address().port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${actualPort}/`,
    port: actualPort,
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

// Run directly: node scripts/serve.mjs
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dev = process.argv.includes('--dev');
  const built = path.join(REPO_ROOT, dev ? 'pkg/web/crmkit.js' : 'dist/index.html');
  if (!fs.existsSync(built)) {
    console.error(
      `crmkit demo: ${path.relative(process.cwd(), built) || built} not found.\n` +
        'Build the package first:  bash scripts/build.sh',
    );
    process.exit(1);
  }
  const port = process.env.PORT ? Number(process.env.PORT) : 8080;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`crmkit demo: invalid PORT ${JSON.stringify(process.env.PORT)}`);
    process.exit(1);
  }
  const host = process.env.HOST || '127.0.0.1';
  try {
    const { url } = await startServer({ port, host, dev });
    console.log(`crmkit demo: ${url}${dev ? ' (dev: www/ unbundled)' : ''}`);
  } catch (err) {
    console.error(`crmkit demo: cannot listen on ${host}:${port}: ${err.message}`);
    process.exit(1);
  }
}
