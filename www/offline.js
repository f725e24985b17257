// Registers sw.js, which keeps the page working offline once it has been open (see sw.js).
// Only over http(s) (a file:// page cannot have one), after the page has loaded so start-up
// never waits for it, and quietly: without a service worker the page still works online.
export function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
  const register = () => navigator.serviceWorker.register('./sw.js').catch(() => {});
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
