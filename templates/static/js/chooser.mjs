// Choosing models on the compare and calculator pages: a picker suggesting every model
// (compare/choices.json, fetched once), the chosen ids in the URL
// (?models=acme/sage,globex/quill&workload=chatbot) and each model's JSON from the site's API
// (api/v1/models/<provider>/<model>.json), all relative to the site's root so it works under
// any base path.
//
//   const state = readState(4);          // { models: ["acme/sage"], workload: "chatbot", params }
//   const model = await fetchModel("../", "acme/sage");

export function readState(most) {
  const params = new URLSearchParams(location.search);
  const models = [...new Set((params.get("models") ?? "").split(",").map((s) => s.trim()).filter(Boolean))];
  return { models: models.slice(0, most), workload: params.get("workload"), params };
}

/** ?models=a/b,c/d&workload=chatbot&...: ids keep their slash and the list its commas. */
export function writeState(models, workload, extra = []) {
  const parts = [];
  if (models.length) parts.push(`models=${models.map((id) => encodeURIComponent(id).replaceAll("%2F", "/")).join(",")}`);
  if (workload) parts.push(`workload=${encodeURIComponent(workload)}`);
  for (const [key, value] of extra) parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  history.replaceState(null, "", parts.length ? `?${parts.join("&")}` : location.pathname);
}

const models = new Map();

/** A model's API document, fetched once; rejects with a sentence when there is none. */
export function fetchModel(root, id) {
  if (!models.has(id)) {
    const url = `${root}api/v1/models/${id.split("/").map(encodeURIComponent).join("/")}.json`;
    models.set(id, fetch(url).then((response) => {
      if (!response.ok) throw new Error(`No model ${id} in this catalog.`);
      return response.json();
    }));
    models.get(id).catch(() => models.delete(id));
  }
  return models.get(id);
}

/** The chosen models' documents, in order; those that could not be fetched are left out
 *  and named in `problems` (one sentence each), so the page can drop them from its state. */
export async function fetchChosen(root, ids) {
  const results = await Promise.allSettled(ids.map((id) => fetchModel(root, id)));
  const models = [];
  const problems = [];
  results.forEach((r, i) => (r.status === "fulfilled" ? models.push(r.value) : problems.push(r.reason?.message ?? ids[i])));
  return { models, problems, kept: ids.filter((id) => models.some((m) => m.id === id)) };
}

/** Fill the datalist with every model and answer the id a typed name or id stands for. */
export async function loadChoices(root, datalist) {
  const response = await fetch(`${root}compare/choices.json`);
  const choices = response.ok ? await response.json() : [];
  datalist.replaceChildren(...choices.map(([id, name]) => {
    const option = document.createElement("option");
    option.value = id;
    option.label = name;
    return option;
  }));
  const byId = new Map(choices.map(([id]) => [id.toLowerCase(), id]));
  const byName = new Map();
  for (const [id, name] of choices) if (!byName.has(name.toLowerCase())) byName.set(name.toLowerCase(), id);
  return (text) => {
    const key = text.trim().toLowerCase();
    return byId.get(key) ?? byName.get(key) ?? null;
  };
}

/** The chosen models as a list, each with a button that removes it. */
export function showChosen(list, ids, names, onRemove) {
  list.replaceChildren(...ids.map((id) => {
    const item = document.createElement("li");
    item.append(`${names.get(id) ?? id} `);
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Remove";
    button.setAttribute("aria-label", `Remove ${names.get(id) ?? id}`);
    button.addEventListener("click", () => onRemove(id));
    item.append(button);
    return item;
  }));
}
