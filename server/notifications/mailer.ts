/**
 * Sending one notification mail through the deployment's SMTP server (SMTP_URL), with short
 * timeouts: a mail server that does not answer must fail the attempt in seconds (the outbox
 * tries again later), not hold a worker for nodemailer's default two minutes.
 *
 * The Message-ID is derived from the outbox row, so every retry of one notification carries the
 * same one: a mail server or a mailbox that got the first attempt after all recognises the
 * second as the same message.
 */
import nodemailer from 'nodemailer';

export interface MailerOptions {
  readonly smtpUrl: URL;
  readonly from: string;
  /** Host name in Message-IDs: the public URL's. */
  readonly messageIdHost: string;
  /** Connecting, the greeting, and silence on the socket: each at most this long. */
  readonly timeoutMs: number;
}

export interface NotificationMail {
  readonly outboxId: number;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

export interface Mailer {
  send(mail: NotificationMail): Promise<void>;
  close(): void;
}

export function notificationMessageId(outboxId: number, host: string): string {
  return `<notification-${outboxId}@${host}>`;
}

export function createMailer(options: MailerOptions): Mailer {
  const transport = nodemailer.createTransport({
    url: options.smtpUrl.href,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
    dnsTimeout: options.timeoutMs,
    // No logger: nodemailer's would write addresses.
    logger: false,
    debug: false,
  });
  return {
    async send(mail) {
      await transport.sendMail({
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: notificationMessageId(mail.outboxId, options.messageIdHost),
        headers: {
          // Automatic mail: out-of-office replies and similar robots should not answer it.
          'Auto-Submitted': 'auto-generated',
          'X-Auto-Response-Suppress': 'All',
        },
      });
    },
    close() {
      transport.close();
    },
  };
}
