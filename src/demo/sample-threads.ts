/**
 * Scripted support threads for the sample desk: what customers write and what agents answer.
 * All of it is invented demo text. Placeholders: {first} the customer's first name, {agent} the
 * replying agent's first name, {order} a demo order number, {invoice} a demo invoice number.
 */

/** One line of a thread: who writes it, and how many minutes after the previous line. */
export interface ThreadLine {
  from: "customer" | "agent" | "note";
  text: string;
  after: number;
  /** an image or a file the line comes with */
  attachment?: "image" | "file";
}

export interface Thread {
  subject: string;
  labels: string[];
  /** the team that usually handles it (sample desk team ids) */
  team: number | null;
  priority: "urgent" | "high" | "medium" | "low" | null;
  lines: ThreadLine[];
}

const c = (text: string, after: number, attachment?: ThreadLine["attachment"]): ThreadLine => ({ from: "customer", text, after, ...(attachment ? { attachment } : {}) });
const a = (text: string, after: number, attachment?: ThreadLine["attachment"]): ThreadLine => ({ from: "agent", text, after, ...(attachment ? { attachment } : {}) });
const n = (text: string, after: number): ThreadLine => ({ from: "note", text, after });

/** Conversation 1 (Maria, website chat): a double charge nobody has picked up yet. */
export const DOUBLE_CHARGE: Thread = {
  subject: "Charged twice this month",
  labels: ["billing"],
  team: null,
  priority: "high",
  lines: [
    c("Hi, I was charged twice for my Pro plan this month. Can you help?", 0),
    c("Here is the invoice number: INV-2041 (demo).", 2),
    c("Both charges show up on my card statement as \"DEMO SUPPORT DESK PRO\" on the same day, 49.00 EUR each. I've attached a screenshot of the statement with the card number blacked out.", 3, "image"),
    // ten days after the first line: the oldest conversation of the desk, and the latest activity
    c("Hello? Is anyone looking at this? I'd like the duplicate refunded before the end of the week, my accountant closes the books on Friday.", 14_445),
  ],
};

/** Conversation 2 (Jonas, email): a long troubleshooting thread, long enough to page through. */
export const EXPORT_BUG: Thread = {
  subject: "Export button does nothing in Firefox",
  labels: ["bug"],
  team: 2,
  priority: "medium",
  lines: [
    c("The export button does nothing in Firefox.", 0),
    a("Thanks Jonas, we are looking into it.", 15),
    a("Could you tell me which Firefox version you are on, and whether the export works in another browser such as Chrome or Edge?", 2),
    c("Firefox 132.0.2 on Ubuntu 24.04. In Chromium it works fine, the CSV downloads straight away.", 48),
    n("Reproduced on Firefox 132 with strict tracking protection on. The download is blocked silently, nothing in the console. Checking with the web team.", 35),
    a("I could reproduce it on my side too. It looks like Firefox's strict tracking protection blocks the download. As a workaround, could you try adding an exception for our domain (shield icon in the address bar, then turn protection off for this site) and click Export again?", 6),
    c("That works, thanks! But I can't ask all 40 people on my team to change their browser settings, so a real fix would be great.", 190),
    a("Completely understood. I've filed it with our engineering team as a bug with high priority, and I'll keep this conversation open until the fix ships.", 12),
    n("Engineering ticket: DEMO-4471 (export blocked by ETP strict). Linked here.", 3),
    c("Any news on this? We need the monthly export for our board report on Thursday.", 2_880),
    a("The fix is in review right now. If it doesn't make it before Thursday, I can run the export for you from our side and send you the file. Which date range and which columns do you need?", 40),
    c("Full month of October, all columns please. Ideally as CSV with semicolons, our Excel is set to German.", 25),
    a("Noted: October, all columns, semicolon-separated. I'll send it tomorrow morning at the latest.", 9),
    a("Here's the export you asked for. Let me know if anything looks off.", 960, "file"),
    c("Got it, the numbers match what we expected. Thank you!", 70),
    n("Customer confirmed the manual export. Waiting for DEMO-4471 to be deployed.", 4),
    c("Quick follow-up: the XLSX option also doesn't work in Firefox, same symptom. Probably the same bug?", 4_320),
    a("Yes, it's the same download path, so the same fix covers it. Thanks for checking!", 22),
    c("Another small thing I noticed while testing: the date picker in the export dialog starts the week on Sunday even though my profile is set to German. Not urgent at all.", 31),
    a("Good catch. That one is a separate issue, I've passed it to the team as a minor bug.", 18),
    n("Filed DEMO-4502 (week start ignores locale in export date picker).", 2),
    c("Thanks. Also, is there an API endpoint for the export? Then we could automate the monthly report and stop clicking around.", 1_440),
    a("There is: the reports API can return the same data as JSON. I'll send you a link to the documentation and an example request in a moment.", 27),
    a("Here you go: the endpoint takes a date range and returns one row per conversation. Your account's API token is under Profile settings. Be careful to keep it secret, it has the same rights as your user.", 6),
    c("Perfect, our developer will look at it next sprint.", 95),
    n("Deploy of DEMO-4471 scheduled for tonight's release train.", 600),
    a("Good news: the fix for the Firefox export went out last night. Could you give it a try and confirm it works for you now?", 540),
    c("Just tried it: the CSV and the XLSX both download in Firefox now, with strict protection on. Great work, thank you for keeping me posted the whole time.", 130),
  ],
};

/** Conversation 3 (Aiko, website chat): a plan question waiting on the customer. */
export const YEARLY_BILLING: Thread = {
  subject: "Switch to yearly billing",
  labels: [],
  team: 1,
  priority: "low",
  lines: [
    c("Can I switch to yearly billing?", 0),
    a("Yes, you can! Yearly billing saves two months compared with paying monthly. Do you want me to switch you now, or at the end of your current month?", 14),
    c("End of the month is better. Will I get a new invoice with our company's VAT number on it?", 9),
    a("You will. Could you send me the VAT number and the billing address you want on it? Then I'll prepare everything.", 6),
  ],
};

/** Conversation 4 (Maria, email): an earlier refund, already resolved. */
export const ORDER_REFUND: Thread = {
  subject: "Refund for order DEMO-88120",
  labels: ["refund"],
  team: 1,
  priority: null,
  lines: [
    c("Please refund my last order. The package arrived damaged and the replacement is no longer needed.", 0, "image"),
    a("I'm sorry the package arrived damaged, Maria. I've issued a full refund for order DEMO-88120; it should reach your card within 5 to 7 business days.", 40),
    c("Great, thanks for the quick help.", 22),
    a("Yes, it's on its way. Have a lovely day!", 3),
  ],
};

/** Conversation 5 (an anonymous visitor, website chat): a first message, nothing else yet. */
export const VISITOR_HELLO: Thread = {
  subject: "Visitor says hello",
  labels: [],
  team: null,
  priority: null,
  lines: [c("Hello? Is anyone there?", 0)],
};

/** Threads the generated conversations (6 and up) take turns using. */
export const THREADS: Thread[] = [
  {
    subject: "Password reset email never arrives",
    labels: ["bug"],
    team: 2,
    priority: "high",
    lines: [
      c("I requested a password reset three times but no email arrives. Spam folder is empty too.", 0),
      a("Sorry about that, {first}. I can see the reset emails were sent but your mail server rejected them. Does your company use an allow-list for outside senders?", 18),
      c("Possibly, our IT is quite strict. What address should they allow?", 11),
      a("They should allow no-reply@demo.example.com. Once that's done, request the reset again and it should arrive within a minute.", 5),
      c("IT added it and the email came through. I'm back in, thanks!", 95),
    ],
  },
  {
    subject: "Upgrading to the Business plan",
    labels: ["billing", "vip"],
    team: 1,
    priority: "medium",
    lines: [
      c("We're growing fast and are thinking about moving from Pro to Business. What exactly changes, and what happens to the days left in our current month?", 0),
      a("Great to hear you're growing, {first}! Business adds SSO, audit logs, custom roles and priority support. When you upgrade mid-month, we credit the unused Pro days against the first Business invoice, so you never pay twice for the same period.", 21),
      c("Sounds good. Do we need to sign anything for the SSO part, or is it self-service?", 14),
      a("It's self-service: after the upgrade you'll find SSO under Settings > Security. I'm happy to join a short call with your IT team for the setup if that helps.", 8),
      c("A call would be great, how about Thursday 10:00 CET?", 33),
      n("Sales handover: 45 seats, interested in annual prepay. Call booked Thursday 10:00 CET. @Alex can you join the call?", 4),
    ],
  },
  {
    subject: "Webhook calls fail with 401",
    labels: ["bug"],
    team: 2,
    priority: "urgent",
    lines: [
      c("Since this morning every webhook delivery to our endpoint fails with 401 Unauthorized. Nothing changed on our side as far as we know. This is blocking our order sync.", 0),
      a("Thanks for the report, {first}, I'm looking at the delivery logs now.", 6),
      n("Deliveries fail since 06:12 UTC. Signature header present. Their endpoint rejects it: probably a secret rotation on their side (key rotated 06:10 in audit log).", 9),
      a("I checked our delivery logs: the 401 comes from your endpoint. Our audit log shows the webhook secret was rotated at 06:10 UTC today, two minutes before the first failure. Could your endpoint still be checking signatures with the old secret?", 4),
      c("You're right, a colleague rotated it and forgot to update our config. Fixed now. Can you replay the failed deliveries?", 27),
      a("Done: 312 failed deliveries have been queued again and are going out now, oldest first.", 10),
    ],
  },
  {
    subject: "Android app crashes after update",
    labels: ["bug"],
    team: 2,
    priority: "high",
    lines: [
      c("The Android app crashes as soon as I open a conversation, since yesterday's update. Pixel 7, Android 15.", 0, "image"),
      a("Thanks for the screenshot, {first}. Could you tell me the app version? You'll find it under Settings > About.", 12),
      c("4.18.0 (build 912)", 7),
      a("Thanks. This is a known issue in 4.18.0 with conversations that contain a voice note. A fixed build (4.18.1) is rolling out on the Play Store today. Until then the web app works as usual.", 9),
    ],
  },
  {
    subject: "VAT number missing on invoice",
    labels: ["billing"],
    team: 1,
    priority: "low",
    lines: [
      c("Our last invoice {invoice} is missing our VAT number, so our finance team can't book it. Can you reissue it?", 0),
      a("Of course, {first}. Which VAT number should be on it?", 16),
      c("DE999999999 (demo). Billing address stays the same.", 20),
      a("I've added the VAT number to your billing profile and reissued {invoice}. You'll find the new PDF under Settings > Billing; future invoices will include it automatically.", 11),
    ],
  },
  {
    subject: "Cancel our subscription",
    labels: ["billing", "churn-risk"],
    team: 1,
    priority: "medium",
    lines: [
      c("Please cancel our subscription at the end of the current period.", 0),
      a("I'm sorry to see you go, {first}. Before I cancel: may I ask what made you decide to leave? If it's something we can fix, I'd like to try.", 25),
      c("Honestly, the price. We're a team of three and the per-seat pricing adds up.", 42),
      n("Churn risk: 3 seats, price-sensitive. Eligible for the small-team discount (30% for 12 months). @Alex please approve.", 5),
      a("That's fair. We have a small-team offer: 30% off for 12 months for teams of up to five. Would that change your mind? If not, I'll cancel as requested, no questions asked.", 7),
    ],
  },
  {
    subject: "Feature request: export to CSV from the contacts list",
    labels: ["feature-request"],
    team: null,
    priority: "low",
    lines: [
      c("It would be really useful to export a filtered contacts list to CSV, e.g. all contacts with the label \"newsletter\". Is that on your roadmap?", 0),
      a("Thanks for the suggestion, {first}! Exporting all contacts is already possible, and filtered exports are on our roadmap for next quarter. I've added your vote to the request.", 55),
      c("Great, thanks for passing it on.", 30),
    ],
  },
  {
    subject: "Where is my order?",
    labels: [],
    team: null,
    priority: "medium",
    lines: [
      c("Hi, my order {order} was supposed to arrive on Monday and the tracking page hasn't changed in four days.", 0),
      a("Hi {first}, let me check that with the carrier for you.", 4),
      a("The carrier confirms the parcel is at their regional hub; it was held because of a damaged label. They've relabelled it and it's out for delivery tomorrow.", 13),
      c("OK, thanks for checking. Can I get a notification when it's delivered?", 6),
      a("You'll get an email and an SMS from the carrier as soon as it's delivered.", 3),
    ],
  },
  {
    subject: "Setting up SAML SSO with Okta",
    labels: ["onboarding"],
    team: 2,
    priority: "medium",
    lines: [
      c("We're setting up SAML SSO with Okta. Login fails with \"Invalid audience\" after the Okta redirect. Screenshot of our Okta app settings attached.", 0, "image"),
      a("Thanks, {first}. In your screenshot the Audience URI ends with a trailing slash; it needs to match the Entity ID shown in Settings > Security exactly, without the slash.", 19),
      c("Removed the slash, still the same error.", 24),
      a("Okta can take a few minutes to publish the change. Could you also make sure the Name ID format is set to EmailAddress? The default, Unspecified, doesn't work with us.", 8),
      c("That was it, the Name ID format. Logins work now. Thanks!", 17),
    ],
  },
  {
    subject: "Delete my data (GDPR request)",
    labels: [],
    team: null,
    priority: "high",
    lines: [
      c("Under Article 17 GDPR I request the deletion of all personal data you hold about me.", 0),
      a("We've received your request, {first}. To protect your data we need to confirm it's really you: we've sent a confirmation link to the email address on your account. Once confirmed, the deletion completes within 30 days.", 32),
      n("Identity check sent. Deletion ticket PRIV-207 (demo). Legal hold check: none.", 2),
    ],
  },
  {
    subject: "API rate limits",
    labels: [],
    team: 2,
    priority: "low",
    lines: [
      c("What are the API rate limits? We plan to sync about 20,000 contacts every night and don't want to get blocked.", 0),
      a("Good question, {first}. The API allows 60 requests per minute per token by default. For a nightly sync of 20,000 contacts I'd recommend the bulk import endpoint instead, which takes a CSV file in one request.", 26),
      c("Bulk import sounds much better. Does it update existing contacts or create duplicates?", 15),
      a("It matches on email and then on phone number, and updates existing contacts instead of duplicating them.", 6),
    ],
  },
  {
    subject: "Importing contacts from a CSV",
    labels: ["onboarding"],
    team: null,
    priority: null,
    lines: [
      c("I'm trying to import our contacts from a CSV but the import finished with 0 contacts. File attached.", 0, "file"),
      a("Thanks for the file, {first}. The header row uses \"E-Mail\" and \"Telefon\"; the importer expects the columns to be called \"email\" and \"phone_number\". Could you rename them and try again?", 23),
      c("Renamed, 1,284 contacts imported. Perfect.", 18),
    ],
  },
  {
    subject: "Refund for annual plan",
    labels: ["refund", "billing"],
    team: 1,
    priority: "medium",
    lines: [
      c("We bought the annual plan by mistake last week, we wanted monthly. Can we get a refund and switch?", 0),
      a("No problem, {first}: purchases made in the last 14 days can be refunded in full. I'll refund the annual payment and start a monthly plan from today, OK?", 12),
      c("Yes please.", 4),
      a("Done. The refund of the annual payment is on its way and your monthly plan is active. You'll receive both confirmations by email.", 7),
    ],
  },
  {
    subject: "Dashboard is very slow",
    labels: ["bug"],
    team: 2,
    priority: "medium",
    lines: [
      c("The dashboard has been really slow today, conversations take 10+ seconds to load. Is something going on?", 0),
      a("Thanks for letting us know, {first}. We're seeing elevated load in one region and the team is on it. I'll update you as soon as it's resolved.", 5),
      n("Linked to incident INC-1198 (demo): degraded performance in eu-central.", 1),
      a("The incident is resolved and load times are back to normal. Sorry for the trouble!", 75),
      c("Yes, much faster now. Thanks!", 12),
    ],
  },
  {
    subject: "Adding two new seats",
    labels: ["billing"],
    team: 1,
    priority: null,
    lines: [
      c("We hired two new support agents. How do I add seats and invite them?", 0),
      a("Welcome to your new colleagues! As an administrator you can invite them under Settings > Agents > Add agent; seats are added to your plan automatically and prorated on the next invoice.", 17),
      c("Found it, both invitations sent. Thanks {agent}!", 9),
    ],
  },
  {
    subject: "Slack integration stopped posting",
    labels: ["bug"],
    team: 2,
    priority: "medium",
    lines: [
      c("Our Slack integration stopped posting new conversations to #support about two days ago.", 0),
      a("Hi {first}, it looks like the Slack app's token was revoked on the Slack side, which happens when the person who installed it leaves the workspace. Could someone reconnect it under Settings > Integrations > Slack?", 28),
      c("Ah, that's probably it, our former admin left on Friday. I'll reconnect it.", 14),
    ],
  },
  {
    subject: "Change the shipping address",
    labels: [],
    team: null,
    priority: "high",
    lines: [
      c("I entered the wrong shipping address for order {order}! Can you change it before it ships? It should be 12 Example Street, Springfield (demo address).", 0),
      a("I caught it in time, {first}: the order hasn't left the warehouse yet and the address is updated to 12 Example Street, Springfield.", 9),
      c("Phew, thank you so much!", 3),
    ],
  },
  {
    subject: "Promo code not accepted",
    labels: ["billing"],
    team: 1,
    priority: "low",
    lines: [
      c("The promo code DEMO20 from your newsletter says \"invalid\" at checkout.", 0),
      a("Sorry about that, {first}. DEMO20 is only valid on yearly plans, which the newsletter should have said. I've applied the 20% to your monthly plan manually for this time.", 36),
      c("That's kind, thanks.", 8),
    ],
  },
];
