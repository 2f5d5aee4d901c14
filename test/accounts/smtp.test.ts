import assert from "node:assert/strict";
import { createServer, type AddressInfo, type Server } from "node:net";
import { after, before, describe, it } from "node:test";
import { closeSmtpTransports, sendViaSmtp } from "../../lib/mail/smtp";

/** Just enough of an SMTP server (RFC 5321) to receive one message the way a real relay would. */
function startSmtpSink(): Promise<{
  server: Server;
  port: number;
  received: Array<{ from: string; to: string[]; data: string; auth?: string }>;
}> {
  const received: Array<{ from: string; to: string[]; data: string; auth?: string }> = [];
  const server = createServer((socket) => {
    let buffer = "";
    let inData = false;
    let current = { from: "", to: [] as string[], data: "", auth: undefined as string | undefined };
    socket.write("220 sink.test ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let index: number;
      while ((index = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            received.push(current);
            current = { from: "", to: [], data: "", auth: current.auth };
            socket.write("250 2.0.0 queued\r\n");
          } else {
            current.data += `${line.startsWith("..") ? line.slice(1) : line}\n`;
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO") socket.write("250-sink.test\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n");
        else if (verb === "HELO") socket.write("250 sink.test\r\n");
        else if (verb === "AUTH") {
          current.auth = Buffer.from(line.split(" ")[2] ?? "", "base64").toString("utf8");
          socket.write("235 2.7.0 ok\r\n");
        } else if (verb === "MAIL") {
          current.from = /<(.*)>/.exec(line)?.[1] ?? "";
          socket.write("250 ok\r\n");
        } else if (verb === "RCPT") {
          current.to.push(/<(.*)>/.exec(line)?.[1] ?? "");
          socket.write("250 ok\r\n");
        } else if (verb === "DATA") {
          inData = true;
          socket.write("354 go ahead\r\n");
        } else if (verb === "QUIT") {
          socket.end("221 bye\r\n");
        } else socket.write("250 ok\r\n");
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ server, port: (server.address() as AddressInfo).port, received })),
  );
}

describe("SMTP delivery (SMTP_URL set)", () => {
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  before(async () => {
    sink = await startSmtpSink();
  });
  after(() => {
    closeSmtpTransports();
    sink.server.close();
  });

  it("sends the message through the configured server, with the URL's credentials", async () => {
    await sendViaSmtp(`smtp://mailer:s%40cret@127.0.0.1:${sink.port}`, "Planner <no-reply@planner.example>", {
      to: "ada@example.com",
      subject: "Reset your password",
      text: "Open http://localhost/organizer/reset-password/abc within 30 minutes.\n",
    });
    assert.equal(sink.received.length, 1);
    const mail = sink.received[0]!;
    assert.equal(mail.from, "no-reply@planner.example");
    assert.deepEqual(mail.to, ["ada@example.com"]);
    assert.equal(mail.auth, "\u0000mailer\u0000s@cret");
    assert.match(mail.data, /^Subject: Reset your password$/m);
    assert.match(mail.data, /reset-password\/abc/);
  });
});
