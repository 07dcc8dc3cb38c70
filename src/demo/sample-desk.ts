/**
 * The sample support desk served by the demo backend: 6 agents, 4 inboxes, 3 teams, 30 contacts,
 * 40 conversations and a few hundred messages, a few contact notes, 3 macros and the current
 * agent's notifications, built the same way on every run (a fixed clock and a seeded generator). Every person, address and number is demo data: names say "(demo ...)",
 * emails and websites use reserved example domains, files and avatars live on
 * demo.chatwoot.invalid, IP addresses come from the documentation ranges.
 *
 * This module keeps the desk's state (what Chatwoot keeps in its tables); src/demo/views.ts turns
 * it into the JSON Chatwoot's views render.
 */
import { createHash } from "node:crypto";
import { DOUBLE_CHARGE, EXPORT_BUG, ORDER_REFUND, THREADS, VISITOR_HELLO, YEARLY_BILLING, type Thread, type ThreadLine } from "./sample-threads.js";

/** The demo's "now" (2025-11-22T08:26:40Z): a fixed clock keeps demo output and tests repeatable. */
export const T0 = 1_763_800_000;
/** Host of every demo avatar, attachment and widget URL. */
export const DEMO_HOST = "https://demo.chatwoot.invalid";
/** The agent the demo token belongs to ("me" in assignee_type). */
export const CURRENT_AGENT_ID = 1;

export type ChannelType = "Channel::WebWidget" | "Channel::Email" | "Channel::Api" | "Channel::Whatsapp";
export type ConversationStatus = "open" | "resolved" | "pending" | "snoozed";
export type Priority = "urgent" | "high" | "medium" | "low" | null;

export interface DemoAgent {
  id: number;
  name: string;
  email: string;
  role: "administrator" | "agent";
  availability_status: "online" | "busy" | "offline";
  /** shown offline when the dashboard closes (AccountUser#auto_offline) */
  auto_offline: boolean;
  thumbnail: string;
}

export interface DemoInbox {
  id: number;
  name: string;
  channel_type: ChannelType;
  channel_id: number;
  /** website URL, email address or phone number, by channel */
  address: string;
  /** website token (widget) or inbox identifier (API) */
  token: string;
  greeting_message: string | null;
}

export interface DemoTeam {
  id: number;
  name: string;
  description: string;
  allow_auto_assign: boolean;
  members: number[];
}

export interface DemoLabel {
  id: number;
  title: string;
  description: string;
  color: string;
  show_on_sidebar: boolean;
}

export interface DemoContactInbox {
  inbox_id: number;
  source_id: string;
}

export interface DemoContact {
  id: number;
  name: string;
  email: string | null;
  phone_number: string | null;
  identifier: string | null;
  thumbnail: string;
  blocked: boolean;
  labels: string[];
  custom_attributes: Record<string, unknown>;
  additional_attributes: Record<string, unknown>;
  created_at: number;
  /** last message from the contact, Unix seconds; null before any */
  last_activity_at: number | null;
  contact_inboxes: DemoContactInbox[];
}

export interface DemoConversation {
  /** the conversation number (Chatwoot's display_id), what every API path and view calls id */
  id: number;
  uuid: string;
  inbox_id: number;
  contact_id: number;
  status: ConversationStatus;
  priority: Priority;
  assignee_id: number | null;
  team_id: number | null;
  labels: string[];
  custom_attributes: Record<string, unknown>;
  additional_attributes: Record<string, unknown>;
  /** Unix seconds */
  snoozed_until: number | null;
  created_at: number;
  /** Unix seconds with a fraction, as Chatwoot renders updated_at */
  updated_at: number;
  agent_last_seen_at: number;
  assignee_last_seen_at: number;
  contact_last_seen_at: number;
  first_reply_created_at: number;
  waiting_since: number;
  muted: boolean;
}

export interface DemoAttachment {
  id: number;
  message_id: number;
  file_type: "image" | "file";
  extension: string | null;
  data_url: string;
  thumb_url: string;
  file_size: number;
  width: number | null;
  height: number | null;
}

export interface DemoMessage {
  id: number;
  conversation_id: number;
  content: string | null;
  /** 0 incoming, 1 outgoing, 2 activity, 3 template */
  message_type: 0 | 1 | 2 | 3;
  private: boolean;
  content_type: string;
  content_attributes: Record<string, unknown>;
  status: "sent" | "delivered" | "read" | "failed";
  source_id: string | null;
  sender_type: "Contact" | "User" | null;
  sender_id: number | null;
  created_at: number;
  updated_at: number;
  processed_message_content: string | null;
  additional_attributes: Record<string, unknown>;
  attachments: DemoAttachment[];
}

/** A note an agent wrote on a contact's profile (the notes table). */
export interface DemoNote {
  id: number;
  contact_id: number;
  content: string;
  user_id: number;
  created_at: number;
  updated_at: number;
}

export const MACRO_ACTIONS = [
  "send_message", "add_private_note", "add_label", "remove_label", "assign_agent", "remove_assigned_agent", "assign_team", "remove_assigned_team",
  "change_status", "resolve_conversation", "snooze_conversation", "mute_conversation", "change_priority", "send_email_transcript", "send_webhook_event", "send_attachment",
] as const;

export interface DemoMacroAction {
  action_name: string;
  action_params: unknown[];
}

/** A macro (the macros table): saved actions an agent runs on conversations. */
export interface DemoMacro {
  id: number;
  name: string;
  /** null after an update that sent none (Macro#set_visibility) */
  visibility: "personal" | "global" | null;
  created_by_id: number;
  updated_by_id: number;
  actions: DemoMacroAction[];
}

export type NotificationType =
  | "conversation_creation" | "conversation_assignment" | "assigned_conversation_new_message" | "conversation_mention"
  | "participating_conversation_new_message" | "sla_missed_first_response" | "sla_missed_next_response" | "sla_missed_resolution";

/** A notification of the current agent (the notifications table); the primary actor is always a conversation. */
export interface DemoNotification {
  id: number;
  notification_type: NotificationType;
  /** the conversation's number (display id) */
  conversation_id: number;
  /** the message (new message, mention) or the agent who assigned; null when none */
  secondary_actor: { type: "Message" | "User"; id: number } | null;
  /** Unix seconds, null while unread */
  read_at: number | null;
  /** Unix seconds, null unless snoozed */
  snoozed_until: number | null;
  created_at: number;
  updated_at: number;
  last_activity_at: number;
  meta: Record<string, unknown>;
}

export interface DemoDesk {
  account: { id: number; name: string; locale: string; domain: string; support_email: string; created_at: number };
  agents: DemoAgent[];
  inboxes: DemoInbox[];
  teams: DemoTeam[];
  labels: DemoLabel[];
  contacts: DemoContact[];
  conversations: DemoConversation[];
  messages: DemoMessage[];
  notes: DemoNote[];
  macros: DemoMacro[];
  /** the current agent's (CURRENT_AGENT_ID) notifications */
  notifications: DemoNotification[];
  nextId: { contact: number; conversation: number; message: number; label: number; attachment: number; note: number; macro: number; notification: number };
}

/** A seeded generator (mulberry32): the same numbers on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable hex digest of a text: stands in for Rails' signed ids and random tokens. */
export function digest(text: string, length = 40): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** A stable UUID (version 4 layout) made from a text. */
export function stableUuid(text: string): string {
  const hex = digest(text, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** An ActiveStorage-style URL on the demo host, the shape of Chatwoot's avatar and file links. */
export function storageUrl(kind: "blobs" | "representations", blobId: number, filename: string): string {
  const signed = `${Buffer.from(JSON.stringify({ _rails: { data: blobId, pur: "blob_id" } })).toString("base64")}--${digest(`blob-${blobId}`)}`;
  if (kind === "blobs") return `${DEMO_HOST}/rails/active_storage/blobs/redirect/${signed}/${filename}`;
  const variant = `${Buffer.from(JSON.stringify({ _rails: { data: { format: "png", resize_to_fill: [250, 250] }, pur: "variation" } })).toString("base64")}--${digest(`variant-${blobId}`)}`;
  return `${DEMO_HOST}/rails/active_storage/representations/redirect/${signed}/${variant}/${filename}`;
}

const avatar = (blobId: number): string => storageUrl("representations", blobId, "avatar.png");

function sampleAgents(): DemoAgent[] {
  return [
    { id: 1, name: "Alex Rivera (demo agent)", email: "alex@demo.example.com", role: "administrator", availability_status: "online", auto_offline: true, thumbnail: avatar(9001) },
    { id: 2, name: "Sam Chen (demo agent)", email: "sam@demo.example.com", role: "agent", availability_status: "online", auto_offline: true, thumbnail: avatar(9002) },
    { id: 3, name: "Priya Patel (demo agent)", email: "priya@demo.example.com", role: "agent", availability_status: "busy", auto_offline: true, thumbnail: "" },
    { id: 4, name: "Tomás García (demo agent)", email: "tomas@demo.example.com", role: "agent", availability_status: "online", auto_offline: true, thumbnail: avatar(9004) },
    { id: 5, name: "Lena Novak (demo agent)", email: "lena@demo.example.com", role: "agent", availability_status: "offline", auto_offline: true, thumbnail: avatar(9005) },
    { id: 6, name: "Kwame Mensah (demo agent)", email: "kwame@demo.example.com", role: "agent", availability_status: "online", auto_offline: true, thumbnail: "" },
  ];
}

function sampleInboxes(): DemoInbox[] {
  return [
    { id: 1, name: "Website chat (demo)", channel_type: "Channel::WebWidget", channel_id: 1, address: "https://www.demo.example.com", token: digest("website-token", 24), greeting_message: "Hi there! Ask us anything, we usually reply within a few minutes. (demo)" },
    { id: 2, name: "Support email (demo)", channel_type: "Channel::Email", channel_id: 1, address: "support@demo.example.com", token: "", greeting_message: null },
    { id: 3, name: "Mobile app (demo)", channel_type: "Channel::Api", channel_id: 1, address: "", token: digest("api-inbox", 24), greeting_message: null },
    { id: 4, name: "WhatsApp (demo)", channel_type: "Channel::Whatsapp", channel_id: 1, address: "+15550100000", token: "", greeting_message: null },
  ];
}

function sampleTeams(): DemoTeam[] {
  return [
    { id: 1, name: "billing (demo team)", description: "Invoices, refunds and plan changes", allow_auto_assign: true, members: [2, 3] },
    { id: 2, name: "technical (demo team)", description: "Bugs and integrations", allow_auto_assign: true, members: [1, 4, 6] },
    { id: 3, name: "onboarding (demo team)", description: "New accounts, imports and setup calls", allow_auto_assign: false, members: [2, 5] },
  ];
}

function sampleLabels(): DemoLabel[] {
  return [
    { id: 1, title: "billing", description: "Payment and invoice questions", color: "#1f93ff", show_on_sidebar: true },
    { id: 2, title: "bug", description: "Something is broken", color: "#ff4f4f", show_on_sidebar: true },
    { id: 3, title: "vip", description: "High-value customer", color: "#f5a623", show_on_sidebar: true },
    { id: 4, title: "refund", description: "Refund requested", color: "#7ed321", show_on_sidebar: false },
    { id: 5, title: "feature-request", description: "Ideas and requests for the product team", color: "#9b59b6", show_on_sidebar: true },
    { id: 6, title: "onboarding", description: "Setup and first steps", color: "#2ecc71", show_on_sidebar: true },
    { id: 7, title: "churn-risk", description: "Customer is thinking about leaving", color: "#e67e22", show_on_sidebar: false },
  ];
}

/** A generated contact's particulars: name, city and what else we know. */
interface ContactSeed {
  name: string;
  city: [string, string, string];
  company?: string;
  phone?: boolean;
  identifier?: boolean;
  plan?: string;
}

const CONTACT_SEEDS: ContactSeed[] = [
  { name: "Maria Lopez", city: ["Lisbon", "Portugal", "PT"], company: "Lopez Ceramics (demo)", phone: true, identifier: true, plan: "pro" },
  { name: "Jonas Weber", city: ["Berlin", "Germany", "DE"], company: "Weber Logistik (demo)", identifier: true, plan: "starter" },
  { name: "Aiko Tanaka", city: ["Osaka", "Japan", "JP"], phone: true },
  { name: "Chloé Martin", city: ["Lyon", "France", "FR"], company: "Atelier Martin (demo)", phone: true, plan: "pro" },
  { name: "Oluwaseun Adeyemi", city: ["Lagos", "Nigeria", "NG"], company: "Adeyemi Foods (demo)", identifier: true, plan: "business" },
  { name: "Lucas Silva", city: ["São Paulo", "Brazil", "BR"], phone: true },
  { name: "Emma Johansson", city: ["Gothenburg", "Sweden", "SE"], company: "Nordic Trail Gear (demo)", plan: "pro" },
  { name: "Rahul Mehta", city: ["Pune", "India", "IN"], company: "Mehta Analytics (demo)", phone: true, identifier: true, plan: "business" },
  { name: "Sofia Rossi", city: ["Turin", "Italy", "IT"] },
  { name: "Daniel Kim", city: ["Seoul", "South Korea", "KR"], company: "Kim & Park Studio (demo)", phone: true, plan: "starter" },
  { name: "Fatima Zahra", city: ["Casablanca", "Morocco", "MA"], phone: true },
  { name: "Noah Williams", city: ["Austin", "United States", "US"], company: "Lone Star Bikes (demo)", identifier: true, plan: "pro" },
  { name: "Hannah Schmidt", city: ["Vienna", "Austria", "AT"], company: "Schmidt Legal (demo)", plan: "business" },
  { name: "Mateo Fernández", city: ["Buenos Aires", "Argentina", "AR"], phone: true },
  { name: "Ava Thompson", city: ["Toronto", "Canada", "CA"], company: "Maple Print Co. (demo)", plan: "starter" },
  { name: "Yusuf Demir", city: ["Izmir", "Turkey", "TR"], phone: true, identifier: true },
  { name: "Ingrid Olsen", city: ["Bergen", "Norway", "NO"], company: "Fjord Analytics (demo)", plan: "pro" },
  { name: "Kofi Boateng", city: ["Accra", "Ghana", "GH"], phone: true },
  { name: "Mei Lin", city: ["Singapore", "Singapore", "SG"], company: "Lin Tea House (demo)", identifier: true, plan: "pro" },
  { name: "Pieter de Vries", city: ["Utrecht", "Netherlands", "NL"], company: "De Vries Bouw (demo)", phone: true, plan: "business" },
  { name: "Isabella Costa", city: ["Porto", "Portugal", "PT"] },
  { name: "Arjun Nair", city: ["Kochi", "India", "IN"], phone: true, plan: "starter" },
  { name: "Olivia Brown", city: ["Leeds", "United Kingdom", "GB"], company: "Brown & Daughters (demo)", plan: "pro" },
  { name: "Tariq Hassan", city: ["Dubai", "United Arab Emirates", "AE"], company: "Hassan Trading (demo)", phone: true, identifier: true, plan: "business" },
  { name: "Zofia Kowalska", city: ["Kraków", "Poland", "PL"], phone: true },
  { name: "Liam O'Connor", city: ["Cork", "Ireland", "IE"], company: "Cork Coffee Roasters (demo)", plan: "starter" },
  { name: "Camila Reyes", city: ["Bogotá", "Colombia", "CO"], phone: true, plan: "pro" },
  { name: "Anna Virtanen", city: ["Tampere", "Finland", "FI"], company: "Virtanen Design (demo)", plan: "starter" },
];

/** Email address on a reserved example domain, from a person's name. */
function emailFor(name: string, index: number): string {
  const local = name.normalize("NFD").replace(/[^A-Za-z ]/g, "").toLowerCase().split(" ").join(".");
  const domain = ["customer.example.com", "example.org", "example.net"][index % 3];
  return `${local}@${domain}`;
}

/** A contact of the desk (ids from 1): what the CRM form and the widget's IP lookup fill in. */
function buildContact(id: number, seed: ContactSeed, random: () => number): DemoContact {
  const index = id - 1;
  const [city, country, countryCode] = seed.city;
  const additional: Record<string, unknown> = {
    city, country, country_code: countryCode,
    created_at_ip: `203.0.113.${(id * 37) % 250 + 2}`,
  };
  if (seed.company) {
    Object.assign(additional, {
      description: `Customer since ${2019 + (id % 6)}; demo contact with sample data.`,
      company_name: seed.company,
      social_profiles: { github: "", twitter: "", facebook: "", linkedin: `demo-${digest(seed.name, 6)}`, instagram: "" },
    });
  }
  const custom: Record<string, unknown> = seed.plan
    ? { plan: seed.plan, signup_date: `202${3 + (id % 3)}-0${1 + (id % 9)}-1${id % 10}`, seats: 2 + ((id * 7) % 40) }
    : {};
  return {
    id,
    name: `${seed.name} (demo customer)`,
    email: emailFor(seed.name, index),
    phone_number: seed.phone ? `+1555010${String(1000 + id).slice(-4)}` : null,
    identifier: seed.identifier ? `demo-cust-${id}` : null,
    thumbnail: random() < 0.6 ? avatar(100 + id) : "",
    blocked: false,
    labels: seed.plan === "business" ? ["vip"] : [],
    custom_attributes: custom,
    additional_attributes: additional,
    created_at: T0 - 86400 * (20 + Math.floor(random() * 300)),
    last_activity_at: null,
    contact_inboxes: [],
  };
}

/** An anonymous website visitor: Chatwoot names these with a random word pair. */
function buildVisitor(id: number, name: string, createdAt: number): DemoContact {
  return {
    id, name, email: null, phone_number: null, identifier: null, thumbnail: "", blocked: false, labels: [],
    custom_attributes: {}, additional_attributes: { city: "", country: "", country_code: "", created_at_ip: `198.51.100.${id}` },
    created_at: createdAt, last_activity_at: null, contact_inboxes: [],
  };
}

/** The 30 contacts: 28 named customers, and anonymous visitors at ids 4 and 30. */
function sampleContacts(random: () => number): DemoContact[] {
  const contacts: DemoContact[] = [];
  let seedIndex = 0;
  for (let id = 1; id <= 30; id++) {
    if (id === 4) contacts.push(buildVisitor(4, "Demo Visitor", T0 - 3600));
    else if (id === 30) contacts.push(buildVisitor(30, "misty-river-204 (demo visitor)", T0 - 86400 * 2));
    else contacts.push(buildContact(id, CONTACT_SEEDS[seedIndex++]!, random));
  }
  contacts[29]!.contact_inboxes.push({ inbox_id: 1, source_id: stableUuid("contact-inbox-1-30") });
  const maria = contacts[0]!;
  maria.labels = ["vip"];
  maria.phone_number = "+15550100001";
  maria.identifier = "demo-cust-1";
  maria.email = "maria@customer.example.com";
  contacts[1]!.email = "jonas@customer.example.com";
  contacts[1]!.phone_number = null;
  contacts[2]!.email = "aiko@customer.example.com";
  contacts[2]!.phone_number = "+15550100003";
  return contacts;
}

/** How one conversation is laid out before its messages are written. */
interface ConversationPlan {
  id: number;
  contact_id: number;
  inbox_id: number;
  status: ConversationStatus;
  assignee_id: number | null;
  thread: Thread;
  /** how many lines of the thread have happened */
  lineCount: number;
  /** Unix seconds of the thread's first line */
  start: number;
  snoozed_until: number | null;
}

const HOUR = 3600;
const DAY = 86400;

/** Sum of the line gaps (minutes) of the first `count` lines. */
function duration(thread: Thread, count: number): number {
  return thread.lines.slice(0, count).reduce((sum, line, index) => sum + (index === 0 ? 0 : line.after), 0);
}

/** The five hand-written conversations the README, the demo session and the tests talk about. */
function fixedPlans(): ConversationPlan[] {
  const plan = (id: number, contact_id: number, inbox_id: number, status: ConversationStatus, assignee_id: number | null, thread: Thread, start: number): ConversationPlan =>
    ({ id, contact_id, inbox_id, status, assignee_id, thread, lineCount: thread.lines.length, start, snoozed_until: null });
  return [
    plan(1, 1, 1, "open", null, DOUBLE_CHARGE, T0 - 10 * DAY),
    plan(2, 2, 2, "open", 2, EXPORT_BUG, T0 - 8 * DAY - 6 * HOUR),
    plan(3, 3, 1, "pending", null, YEARLY_BILLING, T0 - 2 * HOUR - 29 * 60),
    plan(4, 1, 2, "resolved", 1, ORDER_REFUND, T0 - DAY),
    plan(5, 4, 1, "open", null, VISITOR_HELLO, T0 + 30 * 60),
  ];
}

/** The statuses of conversations 6 to 40, shuffled: 25 open, 3 pending, 5 resolved, 2 snoozed. */
function generatedStatuses(random: () => number): ConversationStatus[] {
  const statuses: ConversationStatus[] = [
    ...Array<ConversationStatus>(25).fill("open"), ...Array<ConversationStatus>(3).fill("pending"),
    ...Array<ConversationStatus>(5).fill("resolved"), ...Array<ConversationStatus>(2).fill("snoozed"),
  ];
  for (let i = statuses.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [statuses[i], statuses[j]] = [statuses[j]!, statuses[i]!];
  }
  return statuses;
}

/** How far back a conversation's last line is, by status (seconds before T0). */
function ageFor(status: ConversationStatus, random: () => number): number {
  const hours = { open: [0.2, 70], pending: [3, 48], snoozed: [20, 90], resolved: [30, 200] }[status];
  return Math.round((hours[0]! + random() * (hours[1]! - hours[0]!)) * HOUR);
}

/** How many lines have happened: all when resolved; customer lines only when nobody is assigned. */
function linesSoFar(thread: Thread, status: ConversationStatus, assignee: number | null, random: () => number): number {
  const firstAgent = thread.lines.findIndex((line) => line.from !== "customer");
  if (status === "resolved") return thread.lines.length;
  if (assignee === null) return firstAgent < 0 ? thread.lines.length : Math.max(1, firstAgent);
  if (status === "pending") {
    const lastAgent = thread.lines.map((line) => line.from).lastIndexOf("agent");
    return lastAgent < 0 ? thread.lines.length : lastAgent + 1;
  }
  return Math.max(2, Math.ceil(thread.lines.length * (0.5 + random() * 0.5)));
}

/** Conversations 6 to 40: the shared threads in turn, with seeded contacts, inboxes and agents. */
function generatedPlans(random: () => number): ConversationPlan[] {
  const statuses = generatedStatuses(random);
  const contactIds = [...Array.from({ length: 26 }, (_, i) => i + 5), 2, 3, 6, 8, 12, 19, 24, 1, 29].filter((id) => id !== 30);
  return statuses.map((status, index) => {
    const id = index + 6;
    const thread = THREADS[index % THREADS.length]!;
    const pick = random();
    const inbox_id = pick < 0.45 ? 1 : pick < 0.75 ? 2 : pick < 0.9 ? 4 : 3;
    const assignee_id = status === "resolved" || status === "snoozed" || random() > 0.35 ? 1 + Math.floor(random() * 6) : null;
    const lineCount = linesSoFar(thread, status, assignee_id, random);
    const end = T0 - ageFor(status, random);
    return {
      id, contact_id: contactIds[index % contactIds.length]!, inbox_id, status, assignee_id, thread, lineCount,
      start: end - duration(thread, lineCount) * 60,
      snoozed_until: status === "snoozed" ? T0 + Math.round((1 + random() * 3) * DAY) : null,
    };
  });
}

/** The source id a contact has in an inbox, in the form that channel uses. */
function sourceIdFor(inbox: DemoInbox, contact: DemoContact): string {
  if (inbox.channel_type === "Channel::Email") return contact.email ?? `visitor-${contact.id}@example.com`;
  if (inbox.channel_type === "Channel::Whatsapp") return (contact.phone_number ?? "").slice(1);
  return stableUuid(`contact-inbox-${inbox.id}-${contact.id}`);
}

/** Conversation additional_attributes as each channel fills them (browser data for the widget). */
function conversationAttributes(inbox: DemoInbox, plan: ConversationPlan, random: () => number): Record<string, unknown> {
  if (inbox.channel_type === "Channel::Email") {
    return { mail_subject: plan.thread.subject, source: "email", in_reply_to: null };
  }
  if (inbox.channel_type !== "Channel::WebWidget") return {};
  const browsers = [
    { browser_name: "Chrome", browser_version: "131.0.0.0", platform_name: "macOS", platform_version: "10.15.7", device_name: "Unknown" },
    { browser_name: "Firefox", browser_version: "132.0", platform_name: "Windows", platform_version: "10", device_name: "Unknown" },
    { browser_name: "Safari", browser_version: "18.1", platform_name: "iOS", platform_version: "18.1", device_name: "iPhone" },
    { browser_name: "Microsoft Edge", browser_version: "130.0.0.0", platform_name: "Windows", platform_version: "10", device_name: "Unknown" },
    { browser_name: "Chrome", browser_version: "130.0.6723.102", platform_name: "Android", platform_version: "14", device_name: "Pixel 8" },
  ];
  const pages = ["/pricing", "/help/billing", "/account/settings", "/docs/api/webhooks", "/checkout", "/"];
  return {
    browser: browsers[Math.floor(random() * browsers.length)],
    referer: `${inbox.address}${pages[Math.floor(random() * pages.length)]}`,
    initiated_at: { timestamp: browserDate(plan.start) },
    browser_language: ["en", "de", "pt", "fr", "ja"][plan.contact_id % 5],
  };
}

/** A time as a browser's Date#toString prints it in UTC (what the widget sends as initiated_at). */
function browserDate(seconds: number): string {
  const [weekday, day, month, year, time] = new Date(seconds * 1000).toUTCString().replace(",", "").split(" ");
  return `${weekday} ${month} ${day} ${year} ${time} GMT+0000 (Coordinated Universal Time)`;
}

/** Fills a thread line's placeholders for one conversation. */
function fill(text: string, contact: DemoContact, agent: DemoAgent | undefined, conversationId: number): string {
  return text
    .replaceAll("{first}", contact.name.split(" ")[0]!)
    .replaceAll("{agent}", agent?.name.split(" ")[0] ?? "team")
    .replaceAll("{order}", `DEMO-${80000 + conversationId * 137}`)
    .replaceAll("{invoice}", `INV-${2000 + conversationId * 3} (demo)`);
}

/** Builds the desk's conversations and messages from the plans; message ids follow time. */
function writeConversations(desk: DemoDesk, plans: ConversationPlan[], random: () => number): void {
  const drafts: { message: DemoMessage; line?: ThreadLine; seq: number }[] = [];
  for (const plan of plans) {
    const contact = desk.contacts.find((candidate) => candidate.id === plan.contact_id)!;
    const inbox = desk.inboxes.find((candidate) => candidate.id === plan.inbox_id)!;
    const agent = desk.agents.find((candidate) => candidate.id === plan.assignee_id);
    if (inbox.channel_type === "Channel::Whatsapp") contact.phone_number ??= `+1555019${String(1000 + contact.id).slice(-4)}`;
    if (!contact.contact_inboxes.some((entry) => entry.inbox_id === inbox.id)) {
      contact.contact_inboxes.push({ inbox_id: inbox.id, source_id: sourceIdFor(inbox, contact) });
    }
    const conversation: DemoConversation = {
      id: plan.id, uuid: stableUuid(`conversation-${plan.id}`), inbox_id: plan.inbox_id, contact_id: plan.contact_id,
      status: plan.status, priority: plan.thread.priority, assignee_id: plan.assignee_id,
      team_id: plan.thread.team,
      labels: [...new Set([...plan.thread.labels, ...(contact.labels.includes("vip") ? ["vip"] : [])])],
      custom_attributes: plan.thread.subject.includes("order") || plan.thread.subject.includes("Refund") ? { order_id: `DEMO-${80000 + plan.id * 137}` } : {},
      additional_attributes: conversationAttributes(inbox, plan, random),
      snoozed_until: plan.snoozed_until, created_at: plan.start - 5, updated_at: 0,
      agent_last_seen_at: 0, assignee_last_seen_at: 0, contact_last_seen_at: 0, first_reply_created_at: 0, waiting_since: 0, muted: false,
    };
    desk.conversations.push(conversation);
    let time = plan.start;
    let lastReply: string | undefined; // what an email reply quotes
    plan.thread.lines.slice(0, plan.lineCount).forEach((line, index) => {
      time += index === 0 ? 0 : line.after * 60;
      const sender = line.from === "customer" ? undefined : agent ?? desk.agents[0]!;
      const text = fill(line.text, contact, sender ?? agent, plan.id);
      drafts.push({ message: lineMessage(conversation, inbox, contact, sender, line, text, time, index, lastReply), line, seq: index * 2 });
      if (line.from === "agent") lastReply = text;
      if (index === 0) drafts.push(...openingActivities(desk, conversation, time).map((message, offset) => ({ message, seq: 1 + offset })));
    });
    if (plan.status === "resolved" || plan.status === "snoozed") {
      drafts.push({ message: statusActivity(desk, conversation, time + 600), seq: 999 });
    }
  }
  assignMessageIds(desk, drafts, random);
  for (const conversation of desk.conversations) settleConversation(desk, conversation);
  for (const contact of desk.contacts) contact.last_activity_at = lastIncoming(desk, contact.id);
}

/** One thread line as a stored message, with the fields its channel sets. */
function lineMessage(conversation: DemoConversation, inbox: DemoInbox, contact: DemoContact, agent: DemoAgent | undefined, line: ThreadLine, text: string, time: number, index: number, previous?: string): DemoMessage {
  const incoming = line.from === "customer";
  const email = inbox.channel_type === "Channel::Email" && incoming;
  const message: DemoMessage = {
    id: 0, conversation_id: conversation.id, content: text, message_type: incoming ? 0 : 1, private: line.from === "note",
    content_type: email ? "incoming_email" : "text", content_attributes: {},
    status: incoming || line.from === "note" ? "sent" : inbox.channel_type === "Channel::Whatsapp" ? "read" : "sent",
    source_id: null, sender_type: incoming ? "Contact" : "User", sender_id: incoming ? contact.id : agent!.id,
    created_at: time, updated_at: time + (incoming ? 0 : 2), processed_message_content: text, additional_attributes: {}, attachments: [],
  };
  if (email) {
    message.source_id = `<${digest(`mail-${conversation.id}-${index}`, 24)}@mail.${contact.email?.split("@")[1] ?? "example.com"}>`;
    message.content_attributes = { email: emailAttributes(conversation, inbox, contact, text, time, index, message.source_id, previous), cc_email: null, bcc_email: null };
  } else if (inbox.channel_type === "Channel::Email" && line.from === "agent") {
    message.source_id = `<conversation/${conversation.uuid}/messages/${digest(`out-${conversation.id}-${index}`, 8)}@demo.example.com>`;
  } else if (inbox.channel_type === "Channel::Whatsapp" && line.from !== "note") {
    message.source_id = `wamid.${Buffer.from(`demo-${conversation.id}-${index}`).toString("base64").replace(/=+$/, "")}`;
  }
  return message;
}

/** content_attributes.email of an incoming email: headers, and HTML and text bodies with the quote. */
function emailAttributes(conversation: DemoConversation, inbox: DemoInbox, contact: DemoContact, text: string, time: number, index: number, messageId: string, previous: string | undefined): Record<string, unknown> {
  const subject = index === 0 ? String(conversation.additional_attributes.mail_subject) : `Re: ${String(conversation.additional_attributes.mail_subject)}`;
  const date = new Date(time * 1000).toISOString().replace(".000Z", "+00:00");
  const quoted = previous === undefined ? "" : `On ${new Date((time - 3600) * 1000).toUTCString()}, ${inbox.name} <${inbox.address}> wrote:\n${previous.split("\n").map((part) => `> ${part}`).join("\n")}`;
  const signature = `\n\n--\n${contact.name}\n${String(contact.additional_attributes.company_name ?? "")}`.trimEnd();
  const html = (body: string) => `<div dir="ltr">${body.split("\n").map((part) => `<div>${part.replace(/</g, "&lt;").replace(/>/g, "&gt;")}</div>`).join("")}</div>`;
  return {
    bcc: null, cc: null, content_type: "multipart/alternative; boundary=\"000000000000demo\"", date, from: [contact.email],
    html_content: { full: html(text + signature) + (quoted ? `<div class="gmail_quote">${html(quoted)}</div>` : ""), reply: html(text + signature), quoted: quoted ? html(quoted) : "" },
    in_reply_to: index === 0 ? null : `<conversation/${conversation.uuid}/messages/previous@demo.example.com>`,
    message_id: messageId.slice(1, -1), multipart: true, number_of_attachments: 0, subject,
    text_content: { full: text + signature + (quoted ? `\n\n${quoted}` : ""), reply: text + signature, quoted },
    to: [inbox.address],
  };
}

/** Activity lines right after the first message: who assigned it, which labels were added. */
function openingActivities(desk: DemoDesk, conversation: DemoConversation, time: number): DemoMessage[] {
  const activities: string[] = [];
  const assignee = desk.agents.find((agent) => agent.id === conversation.assignee_id);
  if (assignee) activities.push(`Alex Rivera (demo agent) gave this conversation to ${assignee.name}`);
  if (conversation.labels.length > 0) activities.push(`${assignee?.name ?? "Automation (demo rule)"} tagged the conversation with ${conversation.labels.join(", ")}`);
  return activities.map((content, index) => activityMessage(conversation, content, time + 60 * (index + 1)));
}

/** The activity that closed or snoozed a conversation. */
function statusActivity(desk: DemoDesk, conversation: DemoConversation, time: number): DemoMessage {
  const agent = desk.agents.find((candidate) => candidate.id === conversation.assignee_id) ?? desk.agents[0]!;
  const content = conversation.status === "resolved" ? `${agent.name} closed the conversation as resolved` : `${agent.name} snoozed the conversation`;
  return activityMessage(conversation, content, time);
}

/** An activity message: no sender, message_type 2. */
export function activityMessage(conversation: DemoConversation, content: string, time: number): DemoMessage {
  return {
    id: 0, conversation_id: conversation.id, content, message_type: 2, private: false, content_type: "text", content_attributes: {},
    status: "sent", source_id: null, sender_type: null, sender_id: null, created_at: time, updated_at: time,
    processed_message_content: content, additional_attributes: {}, attachments: [],
  };
}

/** Numbers every message (and attachment) in time order, as a database sequence would. */
function assignMessageIds(desk: DemoDesk, drafts: { message: DemoMessage; line?: ThreadLine; seq: number }[], random: () => number): void {
  drafts.sort((a, b) => a.message.created_at - b.message.created_at || a.message.conversation_id - b.message.conversation_id || a.seq - b.seq);
  for (const { message, line } of drafts) {
    message.id = desk.nextId.message++;
    if (line?.attachment) message.attachments.push(sampleAttachment(desk.nextId.attachment++, message.id, line.attachment, random));
    desk.messages.push(message);
  }
}

/** An uploaded screenshot or file, with ActiveStorage-style URLs on the demo host. */
function sampleAttachment(id: number, messageId: number, kind: "image" | "file", random: () => number): DemoAttachment {
  if (kind === "image") {
    return {
      id, message_id: messageId, file_type: "image", extension: null,
      data_url: storageUrl("blobs", 5000 + id, `screenshot-${id}.png`), thumb_url: storageUrl("representations", 5000 + id, `screenshot-${id}.png`),
      file_size: 150_000 + Math.floor(random() * 300_000), width: 1170, height: 2532,
    };
  }
  return {
    id, message_id: messageId, file_type: "file", extension: "csv",
    data_url: storageUrl("blobs", 5000 + id, `export-${id}.csv`), thumb_url: "",
    file_size: 20_000 + Math.floor(random() * 90_000), width: null, height: null,
  };
}

/** Fills the seen/replied/waiting timestamps of a conversation from its messages. */
export function settleConversation(desk: DemoDesk, conversation: DemoConversation): void {
  const messages = desk.messages.filter((message) => message.conversation_id === conversation.id);
  const replies = messages.filter((message) => message.message_type === 1 && !message.private);
  const agentSeen = messages.filter((message) => message.sender_type === "User").at(-1)?.created_at;
  const last = messages.at(-1)?.created_at ?? conversation.created_at;
  conversation.first_reply_created_at = replies[0]?.created_at ?? 0;
  conversation.agent_last_seen_at = agentSeen ? agentSeen + 30 : 0;
  conversation.assignee_last_seen_at = conversation.assignee_id !== null && agentSeen ? agentSeen + 30 : 0;
  conversation.contact_last_seen_at = replies.length > 0 && conversation.inbox_id !== 2 ? (replies.at(-1)!.created_at + 45) : 0;
  conversation.waiting_since = waitingSince(messages, conversation.status);
  conversation.updated_at = last + ((conversation.id * 7919) % 1_000_000) / 1_000_000;
}

/** When the customer's unanswered messages began (0 when the last word was the agent's). */
function waitingSince(messages: DemoMessage[], status: ConversationStatus): number {
  if (status === "resolved") return 0;
  const lastReply = messages.filter((message) => message.message_type === 1 && !message.private).at(-1)?.created_at ?? 0;
  return messages.find((message) => message.message_type === 0 && message.created_at > lastReply)?.created_at ?? 0;
}

/** The time of a contact's last message, or null. */
function lastIncoming(desk: DemoDesk, contactId: number): number | null {
  const times = desk.messages.filter((message) => message.sender_type === "Contact" && message.sender_id === contactId).map((message) => message.created_at);
  return times.length > 0 ? Math.max(...times) : null;
}

/** A fresh copy of the sample desk. */
export function createSampleDesk(): DemoDesk {
  const random = seededRandom(20_251_122);
  const desk: DemoDesk = {
    account: { id: 1, name: "Demo Support Desk (sample data)", locale: "en", domain: "support.demo.example.com", support_email: "support@demo.example.com", created_at: T0 - 400 * DAY },
    agents: sampleAgents(),
    inboxes: sampleInboxes(),
    teams: sampleTeams(),
    labels: sampleLabels(),
    contacts: sampleContacts(random),
    conversations: [],
    messages: [],
    notes: sampleNotes(),
    macros: sampleMacros(),
    notifications: [],
    nextId: { contact: 31, conversation: 41, message: 1, label: 8, attachment: 1, note: 6, macro: 4, notification: 1 },
  };
  writeConversations(desk, [...fixedPlans(), ...generatedPlans(random)], random);
  desk.notifications = sampleNotifications(desk);
  desk.nextId.notification = desk.notifications.length + 1;
  return desk;
}

/**
 * A conversation's row id (conversations.id), which notifications name as primary_actor_id: not
 * its number (display_id), which is what every path and view calls id. The demo account's rows
 * start at 1001, as they would in an install that holds other accounts too.
 */
export const conversationRecordId = (displayId: number): number => 1000 + displayId;

/** Notes agents wrote on a few customers' profiles. */
function sampleNotes(): DemoNote[] {
  const note = (id: number, contact_id: number, user_id: number, daysAgo: number, content: string): DemoNote =>
    ({ id, contact_id, user_id, content, created_at: T0 - daysAgo * DAY, updated_at: T0 - daysAgo * DAY });
  return [
    note(1, 1, 1, 30, "VIP since the 2023 pilot. Prefers email over chat for anything billing related. (demo note)"),
    note(2, 1, 2, 9, "Was charged twice in November; refund of the duplicate promised within 5-10 business days. (demo note)"),
    note(3, 2, 4, 7, "Runs exports from Firefox with strict tracking protection; see DEMO-4471 before asking again. (demo note)"),
    note(4, 8, 1, 45, "Business plan, 30 seats. Decision maker for renewals; renewal due in March. (demo note)"),
    note(5, 5, 2, 60, "Asked for a quote in EUR; invoices go to accounts@ at their company. (demo note)"),
  ];
}

/** Two shared macros and one of Sam's own (administrators see every macro). */
function sampleMacros(): DemoMacro[] {
  return [
    {
      id: 1, name: "Refund issued (demo)", visibility: "global", created_by_id: 1, updated_by_id: 1,
      actions: [
        { action_name: "add_label", action_params: ["refund"] },
        { action_name: "add_private_note", action_params: ["Refund issued in the payment system; the customer was told 5-10 business days. (demo macro)"] },
        { action_name: "resolve_conversation", action_params: [] },
      ],
    },
    {
      id: 2, name: "Escalate to technical (demo)", visibility: "global", created_by_id: 1, updated_by_id: 4,
      actions: [
        { action_name: "assign_team", action_params: ["2"] },
        { action_name: "change_priority", action_params: ["high"] },
        { action_name: "add_label", action_params: ["bug"] },
      ],
    },
    {
      id: 3, name: "Billing hand-off (demo)", visibility: "personal", created_by_id: 2, updated_by_id: 2,
      actions: [
        { action_name: "send_message", action_params: ["Thanks! I've passed this to our billing team; they will reply here shortly. (demo macro)"] },
        { action_name: "assign_team", action_params: ["1"] },
        { action_name: "add_label", action_params: ["billing"] },
      ],
    },
  ];
}

/**
 * The current agent's notifications, tied to desk conversations: a mention in Sam's private note
 * and a (snoozed) new message in that conversation, assignments and new messages in open
 * conversations the agent holds, new conversations; some read already. Numbered in the order
 * they happened.
 */
function sampleNotifications(desk: DemoDesk): DemoNotification[] {
  const byId = (id: number) => desk.conversations.find((conversation) => conversation.id === id);
  const messagesOf = (conversation: DemoConversation) => desk.messages.filter((message) => message.conversation_id === conversation.id);
  const mine = desk.conversations.filter((conversation) => conversation.assignee_id === CURRENT_AGENT_ID && conversation.status === "open");
  const drafts: Omit<DemoNotification, "id">[] = [];
  const add = (type: NotificationType, conversation: DemoConversation | undefined, actor: DemoNotification["secondary_actor"], time: number, readAfter: number | null, snoozedUntil: number | null = null) => {
    if (!conversation) return;
    drafts.push({
      notification_type: type, conversation_id: conversation.id, secondary_actor: actor, read_at: readAfter === null ? null : time + readAfter,
      snoozed_until: snoozedUntil, created_at: time, updated_at: readAfter === null ? time : time + readAfter, last_activity_at: time, meta: {},
    });
  };
  // Sam's conversation 2, where Sam's private note mentions the agent, who then follows it
  const shared = byId(2);
  const note = shared && messagesOf(shared).filter((message) => message.private).at(-1);
  if (note) add("conversation_mention", shared, { type: "Message", id: note.id }, note.created_at, null);
  const reply = shared && messagesOf(shared).filter((message) => message.message_type === 0).at(-1);
  if (reply) add("participating_conversation_new_message", shared, { type: "Message", id: reply.id }, reply.created_at, null, T0 + DAY);
  for (const [index, conversation] of mine.slice(0, 3).entries()) {
    const first = messagesOf(conversation)[0]?.created_at ?? conversation.created_at;
    add("conversation_assignment", conversation, null, first + 60, index === 0 ? null : 900);
    const incoming = messagesOf(conversation).filter((message) => message.message_type === 0).at(-1);
    if (incoming && incoming.created_at > first + 60) add("assigned_conversation_new_message", conversation, { type: "Message", id: incoming.id }, incoming.created_at, null);
  }
  for (const id of [1, 3, 5]) {
    const conversation = byId(id);
    if (conversation) add("conversation_creation", conversation, null, messagesOf(conversation)[0]?.created_at ?? conversation.created_at, id === 5 ? null : 300);
  }
  return drafts
    .sort((a, b) => a.created_at - b.created_at || a.conversation_id - b.conversation_id)
    .map((draft, index) => ({ id: index + 1, ...draft }));
}
