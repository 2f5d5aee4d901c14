import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { htmlParts } from "../../bench/support/html-parts";

// Section 8's MISS note says where the RSVP page's bytes are; the split must account for every byte.

describe("bench section 8: the RSVP page's HTML by part", () => {
  const html =
    '<html><head><script src="/a.js"></script></head><body><main>' +
    '<section class="card" id="answers"><form>ÄÖ</form></section>' +
    '<section id="potluck"><ul><li>x</li></ul></section>' +
    '<section class="card">no id</section></main>' +
    '<script>self.__next_f.push([1,"é"])</script></body></html>';

  it("names each section with an id, the inline scripts and the rest, and the parts sum to the page", () => {
    const parts = htmlParts(html);
    assert.deepEqual(
      parts.map((p) => p.name),
      [
        "section #answers",
        "section #potluck",
        "other markup (head, header, event card, footer)",
        "inline scripts (flight payload)",
      ],
    );
    const byName = new Map(parts.map((p) => [p.name, p.bytes]));
    assert.equal(
      byName.get("section #answers"),
      Buffer.byteLength('<section class="card" id="answers"><form>ÄÖ</form></section>'),
    );
    assert.equal(byName.get("inline scripts (flight payload)"), Buffer.byteLength('self.__next_f.push([1,"é"])'));
    assert.equal(
      parts.reduce((n, p) => n + p.bytes, 0),
      Buffer.byteLength(html),
    );
  });
});
