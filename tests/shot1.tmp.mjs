import { chromium } from '@playwright/test';
const [,, url, out, w, h, ...steps] = process.argv;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
const p = await b.newPage({ viewport: { width: +w, height: +h } });
await p.goto(url);
await p.waitForTimeout(1500);
for (const s of steps) {
  if (s.startsWith('click:')) await p.locator(s.slice(6)).first().click();
  else if (s.startsWith('wait:')) await p.waitForTimeout(+s.slice(5));
  else if (s.startsWith('key:')) await p.keyboard.press(s.slice(4));
}
await p.waitForTimeout(500);
const info = await p.evaluate(() => { const svg = document.querySelector('svg[role=img]'); const r = svg?.getBoundingClientRect(); return { scroll: document.scrollingElement.scrollHeight, svg: r ? [Math.round(r.width), Math.round(r.height)] : null }; });
console.log(JSON.stringify(info));
await p.screenshot({ path: out });
await b.close();
