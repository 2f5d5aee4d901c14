import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Link,
  Preview,
  Section,
  Text,
} from "@react-email/components";
import type { ReactElement } from "react";

/**
 * The party mails as React Email components: pure functions of their props, rendered to HTML by
 * ./static-markup and to plain text from that HTML (./render). Every value is text, escaped by the renderer.
 */

export interface PartyMailProps {
  /** "The Garcias" */
  householdName: string;
  eventTitle: string;
  /** Date and time in the event's time zone, already formatted ("Sat, Dec 20, 2026, 6:00 – 10:00 PM EST"). */
  when: string;
  where: string;
  hostName: string;
  rsvpUrl: string;
  unsubscribeUrl: string;
  description?: string;
  deadline?: string | null;
}

const body = { backgroundColor: "#f6f4ef", fontFamily: "Helvetica, Arial, sans-serif", color: "#1f2933" };
const card = { backgroundColor: "#ffffff", borderRadius: 8, padding: "24px", margin: "24px auto", maxWidth: "560px" };
const button = {
  backgroundColor: "#b3261e",
  color: "#ffffff",
  borderRadius: 6,
  padding: "12px 20px",
  fontWeight: 600,
  textDecoration: "none",
};
const small = { color: "#6b7280", fontSize: 12 };

function Layout({
  preview,
  children,
  unsubscribeUrl,
}: {
  preview: string;
  children: ReactElement | ReactElement[];
  unsubscribeUrl: string;
}) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={body}>
        <Container style={card}>
          {children}
          <Hr />
          <Text style={small}>
            You get this mail because the host invited your household.{" "}
            <Link href={unsubscribeUrl}>Stop mail about this party</Link>
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

function Details(props: PartyMailProps) {
  return (
    <Section>
      <Text>
        <strong>When:</strong> {props.when}
        <br />
        <strong>Where:</strong> {props.where}
        <br />
        <strong>Host:</strong> {props.hostName}
        {props.deadline ? (
          <>
            <br />
            <strong>Please answer by:</strong> {props.deadline}
          </>
        ) : null}
      </Text>
    </Section>
  );
}

export function InvitationMail(props: PartyMailProps) {
  return (
    <Layout preview={`${props.hostName} invites you to ${props.eventTitle}`} unsubscribeUrl={props.unsubscribeUrl}>
      <Heading as="h1">You're invited: {props.eventTitle}</Heading>
      <Text>Dear {props.householdName},</Text>
      <Text>
        {props.hostName} invites your household to {props.eventTitle}.
      </Text>
      {props.description ? <Text>{props.description}</Text> : <></>}
      <Details {...props} />
      <Section>
        <Button href={props.rsvpUrl} style={button}>
          Answer the invitation
        </Button>
      </Section>
      <Text>
        Or open this link: <Link href={props.rsvpUrl}>{props.rsvpUrl}</Link>
      </Text>
      <Text style={small}>The link is for your household only. The event is attached as a calendar file.</Text>
    </Layout>
  );
}

export function CancellationMail(props: PartyMailProps) {
  return (
    <Layout preview={`${props.eventTitle} is cancelled`} unsubscribeUrl={props.unsubscribeUrl}>
      <Heading as="h1">Cancelled: {props.eventTitle}</Heading>
      <Text>Dear {props.householdName},</Text>
      <Text>
        {props.hostName} has cancelled {props.eventTitle}. There is nothing you need to do; the attached calendar file
        removes it from your calendar.
      </Text>
      <Details {...props} deadline={null} />
    </Layout>
  );
}

export interface ConfirmationMailProps extends PartyMailProps {
  /** "Ana Garcia: Attending" per person. */
  answers: string[];
  /** What the household said it brings. */
  bringing: string[];
}

export function ConfirmationMail(props: ConfirmationMailProps) {
  return (
    <Layout preview={`Your answer for ${props.eventTitle}`} unsubscribeUrl={props.unsubscribeUrl}>
      <Heading as="h1">Thanks for answering: {props.eventTitle}</Heading>
      <Text>
        Dear {props.householdName}, this is what {props.hostName} has from you:
      </Text>
      <Section>
        {props.answers.map((line, i) => (
          <Text key={i}>{line}</Text>
        ))}
      </Section>
      {props.bringing.length > 0 ? <Text>You bring: {props.bringing.join(", ")}</Text> : <></>}
      <Details {...props} />
      <Text>
        Change your answers any time: <Link href={props.rsvpUrl}>{props.rsvpUrl}</Link>
      </Text>
    </Layout>
  );
}

/** A place opened up and the host promoted someone of the household from the waitlist. */
export function PromotionMail(props: ConfirmationMailProps) {
  return (
    <Layout preview={`A place opened up: ${props.eventTitle}`} unsubscribeUrl={props.unsubscribeUrl}>
      <Heading as="h1">You're in: {props.eventTitle}</Heading>
      <Text>
        Dear {props.householdName}, good news: a place opened up and {props.hostName} moved you off the waitlist. This
        is what {props.hostName} has from you now:
      </Text>
      <Section>
        {props.answers.map((line, i) => (
          <Text key={i}>{line}</Text>
        ))}
      </Section>
      {props.bringing.length > 0 ? <Text>You bring: {props.bringing.join(", ")}</Text> : <></>}
      <Details {...props} />
      <Text>
        Can't make it after all? Change your answers here: <Link href={props.rsvpUrl}>{props.rsvpUrl}</Link>
      </Text>
    </Layout>
  );
}

export interface ReminderMailProps extends PartyMailProps {
  reminder: "deadline" | "event";
  bringing: string[];
}

export function ReminderMail(props: ReminderMailProps) {
  const deadline = props.reminder === "deadline";
  return (
    <Layout
      preview={deadline ? `Please answer for ${props.eventTitle}` : `${props.eventTitle} is tomorrow`}
      unsubscribeUrl={props.unsubscribeUrl}
    >
      <Heading as="h1">
        {deadline ? `Will you come to ${props.eventTitle}?` : `See you tomorrow: ${props.eventTitle}`}
      </Heading>
      <Text>Dear {props.householdName},</Text>
      <Text>
        {deadline
          ? `${props.hostName} has not had your answer yet. Please answer by ${props.deadline ?? "the deadline"}.`
          : `${props.eventTitle} is tomorrow.`}
      </Text>
      {!deadline && props.bringing.length > 0 ? (
        <Text>You said you would bring: {props.bringing.join(", ")}</Text>
      ) : (
        <></>
      )}
      <Details {...props} />
      <Section>
        <Button href={props.rsvpUrl} style={button}>
          {deadline ? "Answer the invitation" : "See your answers"}
        </Button>
      </Section>
    </Layout>
  );
}

export interface AnnouncementMailProps extends PartyMailProps {
  /** The host's text, as typed: each line becomes a line (text only, escaped like every value). */
  message: string;
}

export function AnnouncementMail(props: AnnouncementMailProps) {
  const lines = props.message.split("\n");
  return (
    <Layout preview={`News from ${props.hostName} about ${props.eventTitle}`} unsubscribeUrl={props.unsubscribeUrl}>
      <Heading as="h1">News about {props.eventTitle}</Heading>
      <Text>
        Dear {props.householdName}, {props.hostName} writes:
      </Text>
      <Text>
        {lines.map((line, i) => (
          <span key={i}>
            {i > 0 ? <br /> : null}
            {line}
          </span>
        ))}
      </Text>
      <Details {...props} deadline={null} />
      <Text>
        Your invitation and answers: <Link href={props.rsvpUrl}>{props.rsvpUrl}</Link>
      </Text>
    </Layout>
  );
}

export interface CohostInviteMailProps {
  hostName: string;
  eventTitle: string;
  when: string;
  acceptUrl: string;
  /** The address invited: acceptance needs an organizer account with it. */
  email: string;
  expires: string;
}

/** To someone the owner asks to co-host: one link, valid once, until `expires`. No unsubscribe: not party mail. */
export function CohostInviteMail(props: CohostInviteMailProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{`${props.hostName} asks you to co-host ${props.eventTitle}`}</Preview>
      <Body style={body}>
        <Container style={card}>
          <Heading as="h1">Co-host {props.eventTitle}?</Heading>
          <Text>
            {props.hostName} asks you to co-host {props.eventTitle} ({props.when}) with them on Holiday Party Planner:
            you would edit the event and manage its guests, invitations and potluck.
          </Text>
          <Section>
            <Button href={props.acceptUrl} style={button}>
              Accept the invitation
            </Button>
          </Section>
          <Text>
            Or open this link: <Link href={props.acceptUrl}>{props.acceptUrl}</Link>
          </Text>
          <Hr />
          <Text style={small}>
            The link works once, until {props.expires}, for an organizer account with the address {props.email} (sign
            in, or create one with that address). If you did not expect this, ignore this mail.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}
