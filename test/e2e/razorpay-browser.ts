/**
 * A stand-in for Razorpay's checkout.js and the browser half of api.razorpay.com, served to
 * Chromium with `page.route` at Razorpay's real URLs — so the page's content policy is what decides
 * whether the script may load, frame and call out. The script keeps the contract of the real
 * `Razorpay` constructor: `new Razorpay(options)` needs key, order_id, amount and handler;
 * `open()` shows a modal (with a frame from api.razorpay.com, as the real one has) where the
 * student pays or closes it; paying asks "Razorpay" to charge the order (a call to api.razorpay.com,
 * which the test answers from its Razorpay API stand-in) and hands the handler
 * `{razorpay_payment_id, razorpay_order_id, razorpay_signature}`, the signature computed the real
 * way: hex HMAC-SHA256 of `order_id|payment_id` with the key secret. `on('payment.failed')` is kept.
 */
import type { Page } from 'playwright-core';
import type { RazorpayStandIn } from '../../cloud/test/stand-ins/razorpay-api.ts';

export const CHECKOUT_JS = 'https://checkout.razorpay.com/v1/checkout.js';
const PAY_URL = 'https://api.razorpay.com/v1/standin/pay';

function checkoutScript(keyId: string, keySecret: string): string {
  return `(() => {
  const KEY_ID = ${JSON.stringify(keyId)};
  const SECRET = ${JSON.stringify(keySecret)};
  const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
  async function sign(text) {
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return hex(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(text)));
  }
  class Razorpay {
    constructor(options) {
      for (const name of ['key', 'order_id', 'amount', 'handler']) {
        if (!options || options[name] === undefined) throw new Error('Razorpay: ' + name + ' is required');
      }
      if (options.key !== KEY_ID) throw new Error('Razorpay: unknown key ' + options.key);
      this.options = options;
      this.listeners = {};
    }
    on(event, callback) { this.listeners[event] = callback; }
    open() {
      const o = this.options;
      const modal = document.createElement('div');
      modal.setAttribute('role', 'dialog');
      modal.setAttribute('aria-label', 'Razorpay Checkout');
      modal.style.cssText = 'position:fixed;inset:0;background:#fff;z-index:1000;padding:24px;font:16px sans-serif';
      const title = document.createElement('h2');
      title.textContent = (o.name || '') + ' — ₹' + (o.amount / 100).toFixed(2);
      const who = document.createElement('p');
      who.textContent = 'Paying as ' + ((o.prefill && o.prefill.contact) || 'unknown') + ' · ' + o.order_id;
      const frame = document.createElement('iframe');
      frame.title = 'Razorpay payment form';
      frame.src = 'https://api.razorpay.com/v1/checkout/public?key_id=' + encodeURIComponent(o.key);
      frame.style.cssText = 'width:100%;height:80px;border:1px solid #ccc';
      const pay = document.createElement('button');
      pay.textContent = 'Pay with UPI';
      const close = document.createElement('button');
      close.textContent = 'Close';
      modal.append(title, who, frame, pay, close);
      document.body.append(modal);
      close.onclick = () => { modal.remove(); o.modal && o.modal.ondismiss && o.modal.ondismiss(); };
      pay.onclick = async () => {
        const res = await fetch('${PAY_URL}', { method: 'POST', body: JSON.stringify({ order_id: o.order_id }) });
        const answer = await res.json();
        if (!res.ok) {
          if (this.listeners['payment.failed']) this.listeners['payment.failed']({ error: { description: answer.description } });
          return;
        }
        const signature = await sign(o.order_id + '|' + answer.razorpay_payment_id);
        modal.remove();
        o.handler({ razorpay_payment_id: answer.razorpay_payment_id, razorpay_order_id: o.order_id, razorpay_signature: signature });
      };
    }
  }
  window.Razorpay = Razorpay;
})();`;
}

/**
 * Routes Razorpay's browser URLs on `page` to the stand-ins; the charge creates a captured payment
 * for the order in the API stand-in (which the cloud's SDK then fetches to verify).
 */
export async function routeRazorpay(
  page: Page,
  api: RazorpayStandIn,
  keys: { keyId: string; keySecret: string },
): Promise<{ scriptLoads: () => number }> {
  let loads = 0;
  await page.route(CHECKOUT_JS, (route) => {
    loads++;
    return route.fulfill({
      contentType: 'application/javascript',
      body: checkoutScript(keys.keyId, keys.keySecret),
    });
  });
  await page.route('https://api.razorpay.com/**', async (route) => {
    const cors = { 'access-control-allow-origin': '*' };
    if (route.request().url() !== PAY_URL) {
      return route.fulfill({ contentType: 'text/html', body: '<p>Razorpay payment form</p>', headers: cors });
    }
    const { order_id: orderId } = JSON.parse(route.request().postData() ?? '{}') as { order_id: string };
    if (!api.orders.has(orderId)) {
      return route.fulfill({ status: 400, json: { description: 'no such order' }, headers: cors });
    }
    const { payment } = api.completeCheckout(orderId, 'captured');
    return route.fulfill({ json: { razorpay_payment_id: payment.id }, headers: cors });
  });
  return { scriptLoads: () => loads };
}
