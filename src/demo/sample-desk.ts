/** The sample support desk served by the demo backend. Every name says it is demo data. */

export interface DemoMessage {
  id: number;
  conversation_id: number;
  content: string;
  message_type: number; // 0 incoming, 1 outgoing, 2 activity
  private: boolean;
  content_type: string;
  sender_type: "Contact" | "User";
  sender_id: number;
  created_at: number;
}

export interface DemoConversation {
  id: number;
  inbox_id: number;
  contact_id: number;
  status: "open" | "resolved" | "pending" | "snoozed";
  priority: "urgent" | "high" | "medium" | "low" | null;
  assignee_id: number | null;
  team_id: number | null;
  labels: string[];
  custom_attributes: Record<string, unknown>;
  snoozed_until: number | null;
  created_at: number;
}

export interface DemoContact {
  id: number;
  name: string;
  email: string | null;
  phone_number: string | null;
  identifier: string | null;
  labels: string[];
  custom_attributes: Record<string, unknown>;
  additional_attributes: Record<string, unknown>;
  created_at: number;
}

export interface DemoLabel {
  id: number;
  title: string;
  description: string;
  color: string;
  show_on_sidebar: boolean;
}

export interface DemoDesk {
  account: { id: number; name: string; locale: string };
  agents: { id: number; name: string; email: string; role: "administrator" | "agent"; availability_status: string }[];
  inboxes: { id: number; name: string; channel_type: string }[];
  teams: { id: number; name: string; description: string; members: number[] }[];
  labels: DemoLabel[];
  contacts: DemoContact[];
  conversations: DemoConversation[];
  messages: DemoMessage[];
  nextId: { contact: number; conversation: number; message: number; label: number };
}

const T0 = 1_763_800_000; // a fixed clock keeps demo output and tests repeatable

export function createSampleDesk(): DemoDesk {
  const message = (id: number, conversation_id: number, content: string, incoming: boolean, sender_id: number, minutes: number): DemoMessage => ({
    id, conversation_id, content, message_type: incoming ? 0 : 1, private: false, content_type: "text",
    sender_type: incoming ? "Contact" : "User", sender_id, created_at: T0 + minutes * 60,
  });
  return {
    account: { id: 1, name: "Demo Support Desk (sample data)", locale: "en" },
    agents: [
      { id: 1, name: "Alex Rivera (demo agent)", email: "alex@demo.example.com", role: "administrator", availability_status: "online" },
      { id: 2, name: "Sam Chen (demo agent)", email: "sam@demo.example.com", role: "agent", availability_status: "online" },
      { id: 3, name: "Priya Patel (demo agent)", email: "priya@demo.example.com", role: "agent", availability_status: "busy" },
    ],
    inboxes: [
      { id: 1, name: "Website chat (demo)", channel_type: "Channel::WebWidget" },
      { id: 2, name: "Support email (demo)", channel_type: "Channel::Email" },
    ],
    teams: [
      { id: 1, name: "billing (demo team)", description: "Invoices, refunds and plan changes", members: [2, 3] },
      { id: 2, name: "technical (demo team)", description: "Bugs and integrations", members: [1] },
    ],
    labels: [
      { id: 1, title: "billing", description: "Payment and invoice questions", color: "#1f93ff", show_on_sidebar: true },
      { id: 2, title: "bug", description: "Something is broken", color: "#ff4f4f", show_on_sidebar: true },
      { id: 3, title: "vip", description: "High-value customer", color: "#f5a623", show_on_sidebar: true },
      { id: 4, title: "refund", description: "Refund requested", color: "#7ed321", show_on_sidebar: false },
    ],
    contacts: [
      { id: 1, name: "Maria Lopez (demo customer)", email: "maria@customer.example.com", phone_number: "+15550100001", identifier: "demo-cust-1", labels: ["vip"], custom_attributes: { plan: "pro" }, additional_attributes: { city: "Lisbon" }, created_at: T0 - 86400 * 30 },
      { id: 2, name: "Jonas Weber (demo customer)", email: "jonas@customer.example.com", phone_number: null, identifier: "demo-cust-2", labels: [], custom_attributes: { plan: "starter" }, additional_attributes: {}, created_at: T0 - 86400 * 12 },
      { id: 3, name: "Aiko Tanaka (demo customer)", email: "aiko@customer.example.com", phone_number: "+15550100003", identifier: null, labels: [], custom_attributes: {}, additional_attributes: {}, created_at: T0 - 86400 * 3 },
      { id: 4, name: "Demo Visitor", email: null, phone_number: null, identifier: null, labels: [], custom_attributes: {}, additional_attributes: {}, created_at: T0 - 3600 },
    ],
    conversations: [
      { id: 1, inbox_id: 1, contact_id: 1, status: "open", priority: "high", assignee_id: null, team_id: null, labels: ["billing"], custom_attributes: {}, snoozed_until: null, created_at: T0 },
      { id: 2, inbox_id: 2, contact_id: 2, status: "open", priority: null, assignee_id: 2, team_id: null, labels: ["bug"], custom_attributes: {}, snoozed_until: null, created_at: T0 + 600 },
      { id: 3, inbox_id: 1, contact_id: 3, status: "pending", priority: "low", assignee_id: null, team_id: 1, labels: [], custom_attributes: {}, snoozed_until: null, created_at: T0 + 1200 },
      { id: 4, inbox_id: 2, contact_id: 1, status: "resolved", priority: null, assignee_id: 1, team_id: null, labels: ["refund"], custom_attributes: {}, snoozed_until: null, created_at: T0 - 86400 },
      { id: 5, inbox_id: 1, contact_id: 4, status: "open", priority: null, assignee_id: null, team_id: null, labels: [], custom_attributes: {}, snoozed_until: null, created_at: T0 + 1800 },
    ],
    messages: [
      message(1, 1, "Hi, I was charged twice for my Pro plan this month. Can you help?", true, 1, 0),
      message(2, 1, "Here is the invoice number: INV-2041 (demo).", true, 1, 2),
      message(3, 2, "The export button does nothing in Firefox.", true, 2, 10),
      message(4, 2, "Thanks Jonas, we are looking into it.", false, 2, 15),
      message(5, 3, "Can I switch to yearly billing?", true, 3, 20),
      message(6, 4, "Please refund my last order.", true, 1, -1440),
      message(7, 4, "Done, the refund is on its way.", false, 1, -1400),
      message(8, 5, "Hello? Is anyone there?", true, 4, 30),
    ],
    nextId: { contact: 5, conversation: 6, message: 9, label: 5 },
  };
}
