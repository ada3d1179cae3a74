// Payrail operations console: a single page over the operator API (/v1/admin, /v1/reconciliation).
// Every value from the server is put in the page as text (never as HTML), so a hostile description or
// reference cannot run; the Content-Security-Policy forbids inline script as a second line of defence.
"use strict";

const TOKEN_KEY = "payrail.console.token";
const view = () => document.getElementById("view");

// ---------- DOM and formatting helpers ----------

function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.substring(2), value);
    else if (name === "class") element.className = value;
    else element.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

const EXPONENTS = { jpy: 0, krw: 0, vnd: 0, clp: 0, isk: 0, kwd: 3, bhd: 3, jod: 3, omr: 3, tnd: 3 };

function money(minor, currency) {
  if (minor === null || minor === undefined) return "";
  const code = String(currency || "").trim().toLowerCase();
  const exponent = EXPONENTS[code] ?? 2;
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, "0");
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? "" : "." + digits.slice(-exponent);
  return (negative ? "-" : "") + whole + fraction + " " + code.toUpperCase();
}

function when(epochSeconds) {
  if (!epochSeconds) return "";
  return new Date(epochSeconds * 1000).toISOString().replace("T", " ").substring(0, 19) + " UTC";
}

/** What a payment's 3-D Secure authentication established: result, flow, version, ECI, liability shift. */
const threeDSecure = (p) => {
  const secure = p.payment_method_details && p.payment_method_details.card.three_d_secure;
  if (!secure) {
    return p.status === "requires_action" ? "waiting for the customer" : "none";
  }
  return [secure.result, secure.authentication_flow || "no flow", "version " + (secure.version || "?"),
    "ECI " + (secure.electronic_commerce_indicator || "—"),
    secure.liability_shift ? "liability shifted to the issuer" : "no liability shift"].join(" · ");
};
const badge = (status) => h("span", { class: "badge " + status }, status);

function table(columns, rows, onRowClick) {
  return h("table", {},
    h("thead", {}, h("tr", {}, columns.map(c => h("th", {}, c.label)))),
    h("tbody", {}, rows.length === 0
      ? h("tr", {}, h("td", { colspan: columns.length, class: "muted" }, "Nothing here."))
      : rows.map(row => h("tr", { class: onRowClick ? "clickable" : "", onclick: onRowClick ? () => onRowClick(row) : null },
          columns.map(c => h("td", { class: c.mono ? "mono" : "" }, c.render ? c.render(row) : row[c.key]))))));
}

function flash(message, bad) {
  const box = document.getElementById("flash");
  box.textContent = message;
  box.className = "flash" + (bad ? " bad" : "");
  clearTimeout(flash.timer);
  flash.timer = setTimeout(() => box.classList.add("hidden"), 6000);
}

// ---------- API ----------

/** A fresh idempotency key per action (crypto.randomUUID needs a secure context; this does not). */
function randomKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return "console-" + Array.from(bytes, b => b.toString(16).padStart(2, "0")).join("");
}

class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error && body.error.message) || ("HTTP " + status));
    this.status = status;
    this.code = body && body.error && body.error.code;
  }
}

async function api(path, options) {
  const method = (options && options.method) || "GET";
  const headers = { "Authorization": "Bearer " + sessionStorage.getItem(TOKEN_KEY) };
  let body;
  if (method === "POST") {
    headers["Content-Type"] = "application/json";
    headers["Idempotency-Key"] = randomKey();
    body = JSON.stringify((options && options.body) || {});
  }
  const response = await fetch(path, { method, headers, body });
  const text = await response.text();
  const json = text ? JSON.parse(text) : {};
  if (response.status === 401) {
    signOut("Your session is not valid any more; sign in again.");
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

async function act(label, call, after) {
  try {
    await call();
    flash(label + ": done.");
    if (after) await after();
  } catch (e) {
    flash(label + " failed: " + e.message, true);
  }
}

// ---------- views ----------

const views = {
  async overview() {
    const data = await api("/v1/admin/console/overview");
    const events = data.provider_events || {};
    const tiles = [
      ["Payments awaiting the resolver", data.payments_outcome_unknown],
      ["Provider events parked", events.parked || 0],
      ["Provider events flagged", events.flagged || 0],
      ["Deliveries pending", data.deliveries_pending],
      ["Deliveries failed", data.deliveries_failed],
      ["Open reconciliation exceptions", data.reconciliation_exceptions_open],
    ];
    return [
      h("h2", {}, "Overview"),
      h("div", { class: "tiles" }, tiles.map(([label, value]) =>
        h("div", { class: "tile" }, h("div", { class: "value" }, value), h("div", { class: "label" }, label)))),
      h("h3", {}, "Authorizations per hour, last 24 hours"),
      authorizationChart(data.authorizations_per_hour || []),
      h("h3", {}, "3-D Secure per hour: challenge rate and authentication success"),
      authenticationChart(data.authentications_per_hour || []),
      h("h3", {}, "Webhook processing lag per hour (provider event to applied)"),
      lagChart(data.webhook_lag_per_hour || []),
    ];
  },

  async payments(params) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
    const form = h("form", { class: "searchbar", id: "payment-search", onsubmit: (event) => {
        event.preventDefault();
        const values = new FormData(event.target);
        const search = new URLSearchParams();
        for (const [key, value] of values.entries()) if (value) search.set(key, value);
        location.hash = "#/payments?" + search.toString();
      } },
      h("input", { name: "q", placeholder: "Payment id, merchant reference, provider reference or merchant id", value: params.q || "" }),
      h("select", { name: "status" }, ["", "requires_confirmation", "processing", "requires_capture", "succeeded", "canceled", "failed"]
        .map(s => h("option", { value: s, selected: params.status === s }, s || "any status"))),
      h("input", { name: "last4", placeholder: "last4", size: 5, value: params.last4 || "" }),
      h("input", { name: "amount", placeholder: "amount (minor units)", size: 14, value: params.amount || "" }),
      h("input", { name: "from", type: "date", "aria-label": "created from", value: params.from || "" }),
      h("input", { name: "to", type: "date", "aria-label": "created until", value: params.to || "" }),
      h("button", { type: "submit", id: "search-button" }, "Search"));
    const apiQuery = new URLSearchParams(query);
    apiQuery.delete("from");
    apiQuery.delete("to");
    if (params.from) apiQuery.set("created[gte]", String(Date.parse(params.from + "T00:00:00Z") / 1000));
    if (params.to) apiQuery.set("created[lte]", String(Date.parse(params.to + "T23:59:59Z") / 1000));
    apiQuery.set("limit", "50");
    const data = await api("/v1/admin/console/payments?" + apiQuery.toString());
    return [
      h("h2", {}, "Payments"), form,
      table([
        { label: "Payment", key: "id", mono: true },
        { label: "Merchant", render: r => r.merchant_name },
        { label: "Amount", render: r => money(r.amount, r.currency) },
        { label: "Status", render: r => badge(r.status) },
        { label: "Card", render: r => r.card_brand ? r.card_brand + " ····" + r.card_last4 : "" },
        { label: "Reference", key: "merchant_reference" },
        { label: "Created", render: r => when(r.created_at) },
      ], data.data, row => { location.hash = "#/payments/" + row.id; }),
    ];
  },

  async customers(params) {
    const form = h("form", { class: "searchbar", id: "customer-search", onsubmit: (event) => {
        event.preventDefault();
        const q = new FormData(event.target).get("q");
        location.hash = "#/customers?q=" + encodeURIComponent(q || "");
      } },
      h("input", { name: "q", placeholder: "Customer id (cus_...) or email", value: params.q || "" }),
      h("button", { type: "submit", id: "customer-search-button" }, "Search"));
    if (!params.q) return [h("h2", {}, "Customers"), form];
    const data = await api("/v1/admin/console/customers?q=" + encodeURIComponent(params.q) + "&limit=50");
    return [
      h("h2", {}, "Customers"), form,
      table([
        { label: "Customer", key: "id", mono: true },
        { label: "Merchant", render: r => r.merchant_name },
        { label: "Email", render: r => r.deleted_at ? "(deleted)" : r.email || "" },
        { label: "Name", key: "name" },
        { label: "Created", render: r => when(r.created_at) },
      ], data.data, row => { location.hash = "#/customers/" + row.id; }),
    ];
  },

  async customer(params, id) {
    const c = await api("/v1/admin/console/customers/" + encodeURIComponent(id));
    return [
      h("h2", {}, "Customer ", h("span", { class: "mono" }, c.id), c.deleted_at ? " (deleted)" : ""),
      h("div", { class: "card" }, keyValues(
        "Merchant", c.merchant_name,
        "Email", c.email || "—",
        "Name", c.name || "—",
        "Default card", c.default_payment_method || "—",
        "Created", when(c.created_at))),
      h("h3", {}, "Saved cards"),
      h("div", { id: "customer-cards" }, table([
        { label: "Payment method", key: "id", mono: true },
        { label: "Card", render: r => r.brand + " ····" + r.last4 },
        { label: "Expires", render: r => String(r.exp_month).padStart(2, "0") + "/" + r.exp_year },
        { label: "Saved for", key: "saved_for" },
        { label: "Fingerprint", key: "fingerprint", mono: true },
        { label: "Saved", render: r => when(r.attached_at) },
      ], c.payment_methods)),
      h("h3", {}, "Payments"),
      h("div", { id: "customer-payments" }, table([
        { label: "Payment", key: "id", mono: true },
        { label: "Amount", render: r => money(r.amount, r.currency) },
        { label: "Status", render: r => badge(r.status) },
        { label: "Initiated by", render: r => r.off_session ? "merchant (" + r.off_session + ")" : "customer" },
        { label: "Saves card", render: r => r.setup_future_usage || "" },
        { label: "Failure", render: r => r.failure_code || "" },
        { label: "Created", render: r => when(r.created_at) },
      ], c.payments, row => { location.hash = "#/payments/" + row.id; })),
    ];
  },

  async payment(params, id) {
    const data = await api("/v1/admin/console/payments/" + encodeURIComponent(id));
    const p = data.payment;
    const refundable = (p.amount_received || 0) - (p.amount_refunded || 0) - (p.amount_refund_pending || 0);
    const amountInput = h("input", { id: "refund-amount", placeholder: "amount (minor units), empty: all", size: 28 });
    const actions = h("div", { class: "actions" },
      refundable > 0 ? [amountInput, h("button", { id: "refund-button", onclick: () => act("Refund",
          () => api("/v1/admin/console/payments/" + p.id + "/refund",
            { method: "POST", body: amountInput.value ? { amount: Number(amountInput.value) } : {} }),
          () => route()) }, "Refund")] : null,
      p.status === "requires_capture" ? h("button", { class: "danger", id: "cancel-button", onclick: () => act("Cancel",
          () => api("/v1/admin/console/payments/" + p.id + "/cancel", { method: "POST" }), () => route()) }, "Cancel authorization") : null);
    return [
      h("h2", {}, "Payment ", h("span", { class: "mono" }, p.id), " ", badge(p.status)),
      h("div", { class: "card" }, keyValues(
        "Amount", money(p.amount, p.currency),
        "Captured", money(p.amount_received, p.currency),
        "Refunded", money(p.amount_refunded, p.currency),
        "Card", p.payment_method_details ? p.payment_method_details.card.brand + " ····" + p.payment_method_details.card.last4 : "—",
        "3-D Secure", h("span", { id: "three-d-secure" }, threeDSecure(p)),
        "Provider", (p.provider || "—") + (p.provider_reference ? " · " + p.provider_reference : ""),
        "Routing rule", p.routing_rule || "—",
        "Risk", h("span", { id: "risk-outcome" }, riskSummary(p.outcome)),
        "Review", p.review ? h("a", { href: "#/reviews", class: "mono", id: "review-link" }, p.review) : "—",
        "Customer", p.customer ? h("a", { href: "#/customers/" + p.customer, class: "mono", id: "customer-link" }, p.customer) : "—",
        "Initiated by", p.off_session ? "merchant, off-session (" + p.off_session + ")" : "customer",
        "Merchant reference", p.merchant_reference || "—",
        "Description", p.description || "—",
        "Metadata", Object.keys(p.metadata || {}).length
          ? h("span", { class: "mono", id: "metadata" }, Object.entries(p.metadata).map(([k, v]) => k + " = " + v).join(", ")) : "—",
        "Outcome unknown", p.outcome_unknown ? "yes: the resolver is asking the provider" : "no",
        "Failure", p.failure_code ? p.failure_code + ": " + p.failure_message : "—",
        "Created", when(p.created))),
      actions,
      h("h3", {}, "History"),
      h("ul", { class: "timeline", id: "timeline" }, data.history.map(entry => historyEntry(entry, p.currency))),
    ];
  },

  async reviews() {
    const data = await api("/v1/admin/console/reviews?limit=100");
    return [
      h("h2", {}, "Review queue"),
      h("p", { class: "muted" }, "Payments the merchants' rules held: authorized, not captured. Approve captures the whole "
        + "amount; refuse voids the authorization. Decide before the deadline: after it the authorization may expire."),
      table([
        { label: "Review", key: "id", mono: true },
        { label: "Payment", render: r => h("a", { href: "#/payments/" + r.payment, class: "mono" }, r.payment) },
        { label: "Merchant", key: "merchant", mono: true },
        { label: "Amount", render: r => r.payment_object ? money(r.payment_object.amount, r.payment_object.currency) : "" },
        { label: "Risk", render: r => riskSummary(r.payment_object && r.payment_object.outcome) },
        { label: "Why", render: r => h("span", { class: "mono" }, r.reason) },
        { label: "Deadline", render: r => h("span", { class: dueSoon(r.deadline) ? "error" : "" }, when(r.deadline), h("br"),
            h("span", { class: "small muted" }, untilDeadline(r.deadline))) },
        { label: "Decision", render: reviewControls },
      ], data.data),
    ];
  },

  async risk(params) {
    const merchants = (await api("/v1/admin/console/balances")).data;
    const merchant = params.merchant || (merchants[0] && merchants[0].id);
    const picker = h("select", { id: "risk-merchant", "aria-label": "merchant",
        onchange: (e) => { location.hash = "#/risk?merchant=" + encodeURIComponent(e.target.value); } },
      merchants.map(m => h("option", { value: m.id, selected: m.id === merchant }, m.name + " · " + m.id)));
    if (!merchant) return [h("h2", {}, "Risk"), h("p", { class: "muted" }, "No merchants yet.")];
    const profile = await api("/v1/admin/console/risk/" + encodeURIComponent(merchant));
    const base = "/v1/admin/console/risk/" + encodeURIComponent(merchant);
    const kind = h("select", { id: "entry-kind", "aria-label": "list" },
      ["block", "allow"].map(k => h("option", { value: k }, k)));
    const type = h("select", { id: "entry-type", "aria-label": "entry type" },
      ["ip_address", "email", "card_fingerprint", "card_bin", "customer"].map(t => h("option", { value: t }, t)));
    const value = h("input", { id: "entry-value", placeholder: "203.0.113.0/24, jo@example.com, fp_…", size: 28 });
    const description = h("input", { id: "entry-description", placeholder: "why (for the audit trail)", size: 24 });
    const rules = profile.rules;
    return [
      h("h2", {}, "Risk"),
      h("div", { class: "searchbar" }, picker),
      h("h3", {}, rules.version === 0 ? "Rules: Payrail's defaults (the merchant saved none)" : "Rules: version " + rules.version),
      table([
        { label: "Rule", key: "id", mono: true },
        { label: "Action", render: r => badge(r.action) },
        { label: "Condition", key: "condition", mono: true },
        { label: "Mode", render: r => r.log_only ? "log only" : "on" },
      ], rules.rules),
      h("p", { class: "small muted" }, "Rules are written and backtested over the merchant's API (POST /v1/risk/rules, "
        + "POST /v1/risk/rules/backtest); docs/risk.md."),
      h("h3", {}, "Block and allow lists"),
      h("div", { class: "actions", id: "add-entry" }, kind, type, value, description,
        h("button", { id: "add-entry-button", onclick: () => act("Add " + kind.value + " entry",
          () => api(base + "/lists", { method: "POST", body: Object.assign({ kind: kind.value, type: type.value,
            value: value.value }, description.value ? { description: description.value } : {}) }),
          () => route()) }, "Add")),
      h("div", { id: "risk-lists" }, table([
        { label: "Entry", key: "id", mono: true },
        { label: "List", render: e => badge(e.kind) },
        { label: "Type", key: "type" },
        { label: "Value", key: "value", mono: true },
        { label: "Why", key: "description" },
        { label: "Added", render: e => when(e.created) },
        { label: "", render: e => h("button", { class: "ghost remove-entry", onclick: () => act("Remove " + e.id,
            () => api(base + "/lists/" + e.id + "/remove", { method: "POST" }), () => route()) }, "Remove") },
      ], profile.lists)),
      h("h3", {}, "Settings"),
      h("p", { id: "risk-settings" }, "Refund on an early fraud warning: ",
        profile.settings.refund_on_early_fraud_warning ? "on (the payment is refunded, or voided, at once)" : "off"),
    ];
  },

  async flags(params, key) {
    if (!key) {
      const data = await api("/v1/admin/flags");
      return [
        h("h2", {}, "Feature flags"),
        table([
          { label: "Flag", render: f => h("a", { href: "#/flags/" + encodeURIComponent(f.key), class: "mono" }, f.key) },
          { label: "Variants", render: f => f.variants.join(" · ") },
          { label: "Default", render: f => badge(f.default_variant) },
          { label: "Rollout", render: f => f.rollout ? f.rollout.variant + " to " + f.rollout.percent + "% (by " + f.splits_by + ")" : "—" },
          { label: "Merchants pinned", render: f => String(Object.keys(f.merchants).length) },
          { label: "Version", key: "version" },
        ], data.data),
        h("p", { class: "small muted" }, "A change reaches every Payrail process within a second; each is kept with its "
          + "before and after and audited (docs/flags.md)."),
      ];
    }
    const path = "/v1/admin/flags/" + encodeURIComponent(key);
    const [flag, changes] = await Promise.all([api(path), api(path + "/changes?limit=20")]);
    const variantSelect = (id, selected, extra) => h("select", { id, "aria-label": id },
      (extra ? [h("option", { value: "" }, extra)] : []).concat(
        flag.variants.map(v => h("option", { value: v, selected: v === selected }, v))));
    const defaultVariant = variantSelect("flag-default", flag.default_variant);
    const rolloutVariant = variantSelect("flag-rollout-variant", flag.rollout && flag.rollout.variant, "no rollout");
    const rolloutPercent = h("input", { id: "flag-rollout-percent", size: 6, placeholder: "percent",
      value: flag.rollout ? String(flag.rollout.percent) : "" });
    const merchant = h("input", { id: "flag-merchant", size: 22, placeholder: "mer_…" });
    const pinned = variantSelect("flag-merchant-variant", null, "unpin");
    const reason = h("input", { id: "flag-reason", size: 32, placeholder: "why (kept with the change)" });
    const withReason = (body) => Object.assign(body, reason.value ? { reason: reason.value } : {});
    const rollout = () => rolloutVariant.value
      ? { variant: rolloutVariant.value, percent: Number(rolloutPercent.value) } : null;
    return [
      h("h2", {}, "Flag ", h("span", { class: "mono" }, flag.key)),
      h("p", {}, flag.description),
      keyValues("Variants", flag.variants.join(" · "), "Splits by", flag.splits_by, "Version", String(flag.version),
        "Changed", flag.updated_at ? when(flag.updated_at) + " by " + flag.updated_by : "never (the catalog's default)"),
      h("h3", {}, "Placement"),
      h("div", { class: "actions", id: "flag-placement" }, "Default ", defaultVariant, " rollout ", rolloutVariant, " ",
        rolloutPercent, "% ", h("button", { id: "flag-save-placement", onclick: () => act("Change " + flag.key,
          () => api(path, { method: "POST", body: withReason({ default_variant: defaultVariant.value, rollout: rollout() }) }),
          () => route()) }, "Save")),
      h("div", { class: "actions", id: "flag-pin" }, "Merchant ", merchant, " ", pinned, " ",
        h("button", { id: "flag-save-pin", onclick: () => act("Pin " + merchant.value,
          () => api(path, { method: "POST", body: withReason({ merchants: { [merchant.value]: pinned.value || null } }) }),
          () => route()) }, "Pin")),
      h("div", { class: "actions" }, reason),
      h("h3", {}, "Pinned merchants"),
      h("div", { id: "flag-merchants" }, table([
        { label: "Merchant", key: "merchant", mono: true },
        { label: "Variant", render: r => badge(r.variant) },
      ], Object.entries(flag.merchants).map(([merchant, variant]) => ({ merchant, variant })))),
      h("h3", {}, "Changes"),
      h("div", { id: "flag-changes" }, table([
        { label: "Version", key: "version" },
        { label: "When", render: c => when(c.created) },
        { label: "By", key: "actor" },
        { label: "After", render: c => h("span", { class: "mono small" }, JSON.stringify(c.after)) },
        { label: "Reason", render: c => c.reason || "" },
      ], changes.data)),
    ];
  },

  async providers() {
    const data = await api("/v1/admin/providers");
    return [
      h("h2", {}, "Providers"),
      table([
        { label: "Provider", key: "name" },
        { label: "API version", key: "api_version", mono: true },
        { label: "Circuit", render: r => badge(r.circuit) },
        { label: "Routing", render: r => r.enabled ? badge("enabled") : badge("disabled") },
        { label: "", render: r => h("button", { class: "ghost", onclick: () => act((r.enabled ? "Disable " : "Enable ") + r.name,
            () => api("/v1/admin/providers/" + r.name + (r.enabled ? "/disable" : "/enable"), { method: "POST" }), () => route()) },
            r.enabled ? "Disable (kill switch)" : "Enable") },
      ], data.data),
    ];
  },

  async routing() {
    const [data, scores] = await Promise.all([api("/v1/admin/console/routing"), api("/v1/admin/routing/scores")]);
    const percent = (approved, attempts) => attempts ? Math.round(1000 * approved / attempts) / 10 + "%" : "—";
    const schedules = data.retry_schedules || { scheduled: [], ended: [] };
    const retryColumns = (extra) => [
      { label: "Payment", key: "id", mono: true },
      { label: "Merchant", key: "merchant_name" },
      { label: "Amount", render: r => money(r.amount, r.currency) },
      { label: "Card", render: r => (r.card_brand || "") + " ···· " + (r.card_last4 || "") },
      { label: "Attempts", key: "retry_attempts" },
      { label: "Last decline", key: "failure_code", mono: true },
      { label: "First declined", render: r => when(r.retry_first_declined_at) },
      ...extra,
    ];
    const open = row => { location.hash = "#/payments/" + row.id; };
    return [
      h("h2", {}, "Routing"),
      h("p", { id: "routing-strategy" }, scores.strategy === "success_rate"
        ? "Strategy: success_rate, window " + scores.window_seconds + " s, exploration " + Math.round(100 * scores.exploration_share)
          + "%, elimination under " + Math.round(100 * scores.elimination_rate) + "% (docs/routing.md)."
        : "Strategy: rules (a rule's weights choose; PAYRAIL_ROUTING_STRATEGY=success_rate learns from authorization rates)."),
      h("h3", {}, "Authorization rate by provider, last 24 hours"),
      providerRateChart(data.authorization_rates_per_hour || []),
      h("h3", {}, "By segment (card brand and currency), last 24 hours"),
      h("div", { id: "routing-segments" }, table([
        { label: "Provider", key: "provider" },
        { label: "Brand", key: "brand" },
        { label: "Currency", render: r => String(r.currency || "").toUpperCase() },
        { label: "Attempts", key: "attempts" },
        { label: "Approved", render: r => percent(r.approved, r.attempts) },
        { label: "Last hour", render: r => percent(r.approved_last_hour, r.attempts_last_hour) + " of " + r.attempts_last_hour },
        { label: "Most frequent decline", key: "top_decline_code", mono: true },
      ], data.authorization_rates_by_segment || [])),
      h("h3", {}, "The strategy's scores now (this process's window)"),
      h("div", { id: "routing-scores" }, table([
        { label: "Depth", key: "level", mono: true },
        { label: "Provider", key: "provider" },
        { label: "Attempts", key: "attempts" },
        { label: "Approvals", key: "approvals" },
        { label: "Rate", render: r => Math.round(1000 * r.rate) / 10 + "%" },
      ], scores.levels || [])),
      h("h3", {}, "Smart retries: waiting"),
      h("div", { id: "retries-scheduled" }, table(retryColumns([{ label: "Next attempt", render: r => when(r.next_retry_at) }]),
        schedules.scheduled, open)),
      h("h3", {}, "Smart retries: ended"),
      h("div", { id: "retries-ended" }, table(retryColumns([
        { label: "Ended", render: r => badge(r.retry_stop_reason || r.status) },
        { label: "At", render: r => when(r.updated_at) }]), schedules.ended, open)),
    ];
  },

  async queues() {
    const data = await api("/v1/admin/console/queues");
    return [
      h("h2", {}, "Webhooks & outbox"),
      h("h3", {}, "Provider events needing attention"),
      table([
        { label: "Event", key: "id", mono: true },
        { label: "Provider", key: "provider" },
        { label: "Type", key: "type" },
        { label: "Status", render: r => badge(r.status) },
        { label: "Attempts", key: "attempts" },
        { label: "Last error", key: "last_error" },
        { label: "", render: r => h("button", { class: "ghost", onclick: () => act("Replay " + r.id,
            () => api("/v1/admin/provider_events/" + r.id + "/replay", { method: "POST" }), () => route()) }, "Replay") },
      ], data.provider_events),
      h("h3", {}, "Pending deliveries"),
      table([
        { label: "Delivery", key: "id", mono: true },
        { label: "Event", render: r => r.event_type },
        { label: "Merchant", key: "merchant_id", mono: true },
        { label: "Attempts", key: "attempts" },
        { label: "Next attempt", render: r => when(r.next_attempt_at) },
        { label: "Last failure", render: r => r.last_status ? "HTTP " + r.last_status : (r.last_error || "") },
      ], data.deliveries_pending || []),
      h("h3", {}, "Endpoints failing or disabled"),
      table([
        { label: "Endpoint", key: "id", mono: true },
        { label: "Merchant", key: "merchant_id", mono: true },
        { label: "URL", key: "url", mono: true },
        { label: "Status", render: r => badge(r.status) },
        { label: "Last failure", render: r => (r.last_failure || "") + (r.last_failure_at ? " · " + when(r.last_failure_at) : "") },
      ], data.failing_endpoints || []),
      h("h3", {}, "Failed deliveries"),
      table([
        { label: "Delivery", key: "id", mono: true },
        { label: "Event", render: r => r.event_type },
        { label: "Merchant", key: "merchant_id", mono: true },
        { label: "Attempts", key: "attempts" },
        { label: "Last status", render: r => r.last_status || r.last_error || "" },
        { label: "", render: r => h("button", { class: "ghost", onclick: () => act("Redeliver " + r.id,
            () => api("/v1/admin/event_deliveries/" + r.id + "/redeliver", { method: "POST" }), () => route()) }, "Redeliver") },
      ], data.deliveries),
    ];
  },

  async reconciliation(params) {
    const status = params.status || "open";
    const data = await api("/v1/reconciliation/exceptions?limit=100&status=" + encodeURIComponent(status));
    const runs = await api("/v1/admin/console/reconciliation_runs");
    return [
      h("h2", {}, "Reconciliation"),
      h("h3", {}, "Latest runs"),
      table([
        { label: "Run", key: "id", mono: true },
        { label: "Provider", key: "provider" },
        { label: "Report", key: "filename" },
        { label: "Rows", key: "rows" },
        { label: "Matched", key: "matched" },
        { label: "Exceptions", render: r => r.exceptions + (r.still_open ? " (" + r.still_open + " open)" : "") },
        { label: "Finished", render: r => r.finished_at ? when(r.finished_at) : badge("running") },
      ], runs.data),
      h("h3", {}, "Exceptions"),
      h("div", { class: "searchbar" }, ["open", "acknowledged", "resolved", "auto_resolved"].map(s =>
        h("a", { href: "#/reconciliation?status=" + s, class: "badge " + (s === status ? "open" : "") }, s))),
      table([
        { label: "Exception", key: "id", mono: true },
        { label: "Provider", key: "provider" },
        { label: "Category", key: "category" },
        { label: "At stake", render: r => money(r.amount_at_stake, r.currency) },
        { label: "Item", render: r => r.item_id ? (r.item_type || "") + " " + r.item_id : "—" },
        { label: "Provider reference", render: r => r.provider_reference || "—", mono: true },
        { label: "Status", render: r => badge(r.status) },
        { label: "", render: r => r.status === "resolved" || r.status === "auto_resolved" ? "" : resolveControls(r) },
      ], data.data),
    ];
  },

  async balances() {
    const data = await api("/v1/admin/console/balances");
    const funds = (list) => (list || []).map(f => money(f.amount, f.currency)).join(", ") || "—";
    return [
      h("h2", {}, "Balances"),
      table([
        { label: "Merchant", key: "name" },
        { label: "Id", key: "id", mono: true },
        { label: "Available", render: r => funds(r.available) },
        { label: "Pending", render: r => funds(r.pending) },
      ], data.data),
    ];
  },
};

/** Pairs of label and value as a two-column grid. */
/** A payment's risk outcome in one line: level, score, what decided and the points behind the score. */
function riskSummary(outcome) {
  if (!outcome) return "not evaluated";
  return h("span", { class: "risk" }, badge(outcome.risk_level), " " + outcome.risk_score + " · " + outcome.action
    + (outcome.rule ? " by " + outcome.rule : outcome.list_entry ? " by list entry " + outcome.list_entry : ""),
    (outcome.reasons || []).length ? h("div", { class: "small muted mono" }, outcome.reasons.join(", ")) : null);
}

const dueSoon = (deadline) => deadline * 1000 - Date.now() < 24 * 3600 * 1000;

function untilDeadline(deadline) {
  const hours = Math.floor((deadline * 1000 - Date.now()) / 3600000);
  if (hours < 0) return "overdue";
  return hours < 48 ? "due in " + hours + " h" : "due in " + Math.floor(hours / 24) + " days " + (hours % 24) + " h";
}

/** Approve, or refuse with a reason and a note for the merchant's record. */
function reviewControls(review) {
  const reason = h("select", { "aria-label": "refusal reason" },
    ["fraudulent", "requested_by_customer", "duplicate"].map(r => h("option", { value: r }, r)));
  const comment = h("input", { placeholder: "note", size: 14, "aria-label": "review note" });
  return h("span", { class: "actions" },
    h("button", { class: "approve-button", onclick: () => act("Approve " + review.id,
      () => api("/v1/admin/console/reviews/" + review.id + "/approve", { method: "POST" }), () => route()) }, "Approve (capture)"),
    reason, comment,
    h("button", { class: "danger refuse-button", onclick: () => act("Refuse " + review.id,
      () => api("/v1/admin/console/reviews/" + review.id + "/refuse",
        { method: "POST", body: comment.value ? { reason: reason.value, comment: comment.value } : { reason: reason.value } }),
      () => route()) }, "Refuse (void)"));
}

function keyValues(...pairs) {
  const cells = [];
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    cells.push(h("div", {}, pairs[i]), h("div", {}, pairs[i + 1]));
  }
  return h("div", { class: "kv" }, cells);
}

/**
 * The resolution a category usually gets, preselected; none where the operator must look first (an amount that
 * differs is never "a timing difference" by default).
 */
const DEFAULT_RESOLUTION = { missing_in_report: "timing_difference", late_settlement: "timing_difference",
  duplicate_in_report: "duplicate_confirmed" };

function resolveControls(exception) {
  const preset = DEFAULT_RESOLUTION[exception.category] || "";
  const code = h("select", { "aria-label": "resolution code" },
    h("option", { value: "", selected: preset === "" }, "choose a resolution"),
    ["timing_difference", "provider_corrected", "corrected_in_payrail", "written_off", "duplicate_confirmed", "other"]
      .map(c => h("option", { value: c, selected: c === preset }, c)));
  const note = h("input", { placeholder: "note", size: 12, "aria-label": "note" });
  return h("span", { class: "actions" },
    exception.status === "open" ? h("button", { class: "ghost", onclick: () => act("Acknowledge",
      () => api("/v1/reconciliation/exceptions/" + exception.id + "/acknowledge", { method: "POST" }), () => route()) }, "Acknowledge") : null,
    code, note,
    h("button", { class: "resolve-button", onclick: () => code.value === "" ? flash("Choose a resolution first.", true) : act("Resolve",
      () => api("/v1/reconciliation/exceptions/" + exception.id + "/resolve",
        { method: "POST", body: { resolution_code: code.value, note: note.value || "resolved from the console" } }),
      () => route()) }, "Resolve"));
}

/** Why a payment went where it went: the strategy's reason and every candidate's score at the time (docs/routing.md). */
function routingDetail(providers, routing) {
  const scores = (routing.scores || []).map(s => s.provider + " " + (100 * s.rate).toFixed(1) + "% of " + s.attempts
    + (s.eliminated ? " (eliminated)" : ""));
  return "routed to " + (providers && providers[0]) + " by " + routing.strategy + " (" + routing.reason + ") in "
    + routing.segment + ": " + scores.join(", ");
}

function historyEntry(entry, currency) {
  let what;
  let detail = "";
  switch (entry.kind) {
    case "timeline": {
      const data = entry.data ? JSON.parse(entry.data) : {};
      what = entry.type;
      if (entry.type === "payment.provider_attempt") {
        detail = data.provider + " " + data.operation + ": " + data.outcome + " in " + data.latency_ms + " ms"
          + (data.detail ? " (" + data.detail + ")" : "")
          + (data.provider_code && data.provider_code !== data.detail ? " · provider: " + data.provider_code : "");
      } else if (entry.type.startsWith("refund.")) {
        // a refund's events leave the payment's status as it was: say what happened to the refund instead
        detail = (data.refund || "refund") + (data.amount ? " · " + money(data.amount, currency) : "") + " · " + entry.actor;
        if (data.failure_code) detail += " · " + data.failure_code;
      } else {
        detail = (entry.from_status ? entry.from_status + " → " : "") + (entry.to_status || "") + " · " + entry.actor;
        if (data.failure_code) detail += " · " + data.failure_code;
        if (data.amount) detail += " · " + data.amount;
        if (data.routing) detail += " · " + routingDetail(data.providers, data.routing);
      }
      break;
    }
    case "provider_event":
      what = "webhook " + entry.provider + " " + entry.type;
      detail = entry.status + (entry.last_error ? " · " + entry.last_error : "");
      break;
    case "delivery":
      what = "delivery of " + entry.event_type;
      detail = entry.status + " after " + entry.attempts + " attempt(s)" + (entry.last_status ? " · HTTP " + entry.last_status : "");
      break;
    case "ledger":
      what = "ledger " + entry.event;
      detail = money(entry.gross, entry.currency) + (entry.fee ? " (fee " + money(entry.fee, entry.currency) + ")" : "");
      break;
    case "refund":
      what = "refund " + entry.id;
      detail = money(entry.amount, entry.currency) + " · " + entry.status + (entry.failure_code ? " · " + entry.failure_code : "");
      break;
    case "dispute":
      what = "dispute " + entry.id;
      detail = money(entry.amount, entry.currency) + " · " + entry.status + (entry.reason ? " · " + entry.reason : "");
      break;
    default:
      what = entry.kind;
  }
  return h("li", { class: "k-" + entry.kind },
    h("div", { class: "when" }, when(entry.at)),
    h("div", { class: "what" }, what),
    h("div", { class: "muted" }, detail));
}

/** Which of the last 24 hourly slots (0 oldest, 23 the current hour) an hour's start falls in. */
function hourSlot(hourEpochSeconds) {
  const current = Math.floor(Date.now() / 3600000) * 3600;
  return Math.max(0, Math.min(23, 23 - Math.round((current - hourEpochSeconds) / 3600)));
}

const SVG_NS = "http://www.w3.org/2000/svg";
/** The plot area inside the 720 x 200 view box: room on the left for the value axis, below for the hours. */
const PLOT = { left: 44, right: 712, top: 10, bottom: 170 };
const SLOT_WIDTH = (PLOT.right - PLOT.left) / 24;

function svgElement(tag, attributes, text) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** An empty chart with its axes: values from 0 to max (with unit), the last 24 hours labelled every 3 hours (UTC). */
function chartFrame(label, max, unit) {
  const svg = svgElement("svg", { viewBox: "0 0 720 200", role: "img", "aria-label": label });
  svg.append(svgElement("line", { x1: PLOT.left, y1: PLOT.bottom, x2: PLOT.right, y2: PLOT.bottom, class: "axis" }));
  svg.append(svgElement("line", { x1: PLOT.left, y1: PLOT.top, x2: PLOT.left, y2: PLOT.bottom, class: "axis" }));
  for (const [value, y] of [[0, PLOT.bottom], [max, PLOT.top + 8]]) {
    svg.append(svgElement("text", { x: PLOT.left - 6, y, "text-anchor": "end", class: "axis-label" }, value + (unit || "")));
  }
  const currentHour = Math.floor(Date.now() / 3600000) * 3600;
  for (let slot = 2; slot < 24; slot += 3) {
    const hour = new Date((currentHour - (23 - slot) * 3600) * 1000).getUTCHours();
    svg.append(svgElement("text", { x: PLOT.left + slot * SLOT_WIDTH + SLOT_WIDTH / 2, y: 188, "text-anchor": "middle",
      class: "axis-label hour-label" }, String(hour).padStart(2, "0") + ":00"));
  }
  return svg;
}

const noData = () => h("p", { class: "muted no-data" }, "No data in the last 24 hours.");
const plotY = (value, max) => PLOT.bottom - (value / max) * (PLOT.bottom - PLOT.top);

function authorizationChart(buckets) {
  const max = Math.max(1, ...buckets.map(b => b.approved + b.refused + b.pending));
  const svg = chartFrame("authorizations per hour", max, "");
  buckets.forEach((bucket) => {
    const x = PLOT.left + hourSlot(bucket.hour) * SLOT_WIDTH + 2;
    let base = 0;
    for (const [key, color] of [["approved", "#16a34a"], ["refused", "#dc2626"], ["pending", "#d97706"]]) {
      if (!bucket[key]) continue;
      const top = plotY(base + bucket[key], max);
      const rect = svgElement("rect", { x, y: top, width: Math.max(2, SLOT_WIDTH - 4), height: plotY(base, max) - top, fill: color });
      rect.append(svgElement("title", {}, when(bucket.hour) + ": " + bucket[key] + " " + key));
      svg.append(rect);
      base += bucket[key];
    }
  });
  const total = buckets.reduce((sum, b) => sum + b.approved + b.refused, 0);
  const approved = buckets.reduce((sum, b) => sum + b.approved, 0);
  return h("div", { class: "chart" }, svg, buckets.length === 0 ? noData() : null,
    h("div", { class: "legend" },
      h("span", {}, h("i", { class: "swatch approved" }), "approved " + approved),
      h("span", {}, h("i", { class: "swatch refused" }), "refused " + (total - approved)),
      h("span", {}, "success rate " + (total ? Math.round(1000 * approved / total) / 10 + "%" : "—")),
      h("span", { class: "muted" }, "per hour, UTC")));
}

/** Authentications per hour, challenged over frictionless; the legend reads the challenge rate and the success. */
function authenticationChart(buckets) {
  const max = Math.max(1, ...buckets.map(b => b.authentications));
  const svg = chartFrame("3-D Secure authentications per hour", max, "");
  buckets.forEach((bucket) => {
    const x = PLOT.left + hourSlot(bucket.hour) * SLOT_WIDTH + 2;
    let base = 0;
    const other = bucket.authentications - bucket.challenge - bucket.frictionless;
    for (const [key, count, color] of [["frictionless", bucket.frictionless, "#16a34a"], ["challenge", bucket.challenge, "#7c3aed"],
      ["no flow (unavailable)", other, "#9ca3af"]]) {
      if (!count) continue;
      const top = plotY(base + count, max);
      const rect = svgElement("rect", { x, y: top, width: Math.max(2, SLOT_WIDTH - 4), height: plotY(base, max) - top, fill: color });
      rect.append(svgElement("title", {}, when(bucket.hour) + ": " + count + " " + key));
      svg.append(rect);
      base += count;
    }
  });
  const sum = key => buckets.reduce((n, b) => n + b[key], 0);
  const all = sum("authentications");
  const percent = (part) => all ? Math.round(1000 * part / all) / 10 + "%" : "—";
  return h("div", { class: "chart", id: "authentication-chart" }, svg, buckets.length === 0 ? noData() : null,
    h("div", { class: "legend" },
      h("span", {}, h("i", { class: "swatch frictionless" }), "frictionless " + sum("frictionless")),
      h("span", {}, h("i", { class: "swatch challenge" }), "challenge " + sum("challenge")),
      h("span", { id: "challenge-rate" }, "challenge rate " + percent(sum("challenge"))),
      h("span", { id: "authentication-success" }, "authentication success " + percent(sum("authenticated"))),
      h("span", { class: "muted" }, "per hour, UTC")));
}

/** One line per provider: the share of its authorization attempts approved in each hour (0 to 100%). */
const PROVIDER_COLORS = ["#3355ff", "#16a34a", "#d97706", "#7c3aed", "#dc2626", "#0891b2"];
function providerRateChart(buckets) {
  const svg = chartFrame("authorization rate by provider per hour", 100, "%");
  const providers = [...new Set(buckets.map(b => b.provider))].sort();
  const legend = providers.map((provider, i) => {
    const color = PROVIDER_COLORS[i % PROVIDER_COLORS.length];
    const own = buckets.filter(b => b.provider === provider);
    const points = own.map(b => (PLOT.left + hourSlot(b.hour) * SLOT_WIDTH + SLOT_WIDTH / 2) + ","
      + plotY(100 * b.approved / b.attempts, 100)).join(" ");
    const line = svgElement("polyline", { points, fill: "none", stroke: color, "stroke-width": 2, "data-provider": provider });
    line.append(svgElement("title", {}, provider));
    svg.append(line);
    own.forEach(b => {
      const dot = svgElement("circle", { cx: PLOT.left + hourSlot(b.hour) * SLOT_WIDTH + SLOT_WIDTH / 2,
        cy: plotY(100 * b.approved / b.attempts, 100), r: 3, fill: color });
      dot.append(svgElement("title", {}, provider + " " + when(b.hour) + ": " + b.approved + " of " + b.attempts + " approved"));
      svg.append(dot);
    });
    const attempts = own.reduce((n, b) => n + b.attempts, 0);
    const approved = own.reduce((n, b) => n + b.approved, 0);
    const swatch = h("i", {});
    swatch.style.background = color;   // through the CSSOM: the policy forbids inline style attributes
    return h("span", { class: "provider-rate", "data-provider": provider }, swatch,
      provider + " " + (attempts ? Math.round(1000 * approved / attempts) / 10 + "%" : "—") + " of " + attempts);
  });
  return h("div", { class: "chart", id: "provider-rate-chart" }, svg, buckets.length === 0 ? noData() : null,
    h("div", { class: "legend" }, legend, h("span", { class: "muted" }, "approved share of attempts, per hour, UTC")));
}

function lagChart(buckets) {
  const max = Math.max(1, ...buckets.map(b => b.max_seconds));
  const svg = chartFrame("webhook lag per hour", max, " s");
  const line = (key, color) => {
    if (buckets.length === 0) return;
    const points = buckets.map(b => (PLOT.left + hourSlot(b.hour) * SLOT_WIDTH + SLOT_WIDTH / 2) + "," + plotY(b[key], max)).join(" ");
    svg.append(svgElement("polyline", { points, fill: "none", stroke: color, "stroke-width": 2 }));
  };
  line("max_seconds", "#dc2626");
  line("average_seconds", "#3355ff");
  const worst = buckets.reduce((m, b) => Math.max(m, b.max_seconds), 0);
  const events = buckets.reduce((n, b) => n + b.events, 0);
  return h("div", { class: "chart" }, svg, buckets.length === 0 ? noData() : null,
    h("div", { class: "legend" },
      h("span", {}, h("i", { class: "swatch average" }), "average"),
      h("span", {}, h("i", { class: "swatch refused" }), "maximum " + worst + " s"),
      h("span", {}, events + " events applied"),
      h("span", { class: "muted" }, "per hour, UTC")));
}

// ---------- routing and session ----------

async function route() {
  const hash = location.hash.replace(/^#\/?/, "") || "overview";
  const [path, queryString] = hash.split("?");
  const parts = path.split("/");
  const params = Object.fromEntries(new URLSearchParams(queryString || ""));
  const name = parts[0] === "payments" && parts[1] ? "payment" : parts[0] === "customers" && parts[1] ? "customer" : parts[0];
  const section = { payment: "payments", customer: "customers" }[name] || name;
  document.querySelectorAll(".sidebar a").forEach(a => a.classList.toggle("active", a.dataset.view === section));
  const render = views[name] || views.overview;
  try {
    const content = await render(params, parts[1] && decodeURIComponent(parts[1]));
    view().replaceChildren(...content);
  } catch (e) {
    view().replaceChildren(h("p", { class: "error" }, e.status === 403
      ? "Your role does not allow this page." : "Could not load this page: " + e.message));
  }
}

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  document.getElementById("app").classList.add("hidden");
  document.getElementById("login").classList.remove("hidden");
  document.getElementById("login-error").textContent = message || "";
}

async function signIn(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
  let overview;
  try {
    overview = await api("/v1/admin/console/overview");
  } catch (e) {
    const notOperator = e.status === 401 || e.code === "operator_token_required";
    signOut(notOperator ? "That token is not an operator token." : "Sign-in failed: " + e.message);
    return;
  }
  document.getElementById("login").classList.add("hidden");
  document.getElementById("app").classList.remove("hidden");
  const who = overview.operator || {};
  document.getElementById("whoami").textContent = "Signed in as " + (who.name || "?") + " (" + (who.role || "?") + ")";
  await route();
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("login-form").addEventListener("submit", (event) => {
    event.preventDefault();
    signIn(document.getElementById("token").value.trim());
  });
  document.getElementById("logout").addEventListener("click", () => signOut("Signed out."));
  window.addEventListener("hashchange", () => {
    if (sessionStorage.getItem(TOKEN_KEY)) route();
  });
  const saved = sessionStorage.getItem(TOKEN_KEY);
  if (saved) signIn(saved); else signOut();
});
