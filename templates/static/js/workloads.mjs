// The workload page's filters: capabilities a model must advertise and the least context
// window, over the rows' data attributes (data-c, data-ctx), kept in the URL
// (?cap=vision&minctx=128000) so a filtered view can be shared. Without JavaScript the form
// stays hidden and the whole table shows.

const form = document.getElementById("wl-filters");
const table = document.getElementById("wl-table");
const count = document.getElementById("wl-count");

if (form && table) {
  const rows = [...table.tBodies[0].rows];
  const total = count.textContent;

  const fromUrl = () => {
    const params = new URLSearchParams(location.search);
    const caps = new Set(params.getAll("cap"));
    for (const box of form.querySelectorAll("input[name=cap]")) box.checked = caps.has(box.value);
    const select = form.elements.minctx;
    select.value = [...select.options].some((o) => o.value === params.get("minctx")) ? params.get("minctx") : "";
  };

  const apply = () => {
    const caps = [...form.querySelectorAll("input[name=cap]:checked")].map((b) => b.value);
    const least = Number(form.elements.minctx.value || 0);
    let shown = 0;
    for (const row of rows) {
      const has = new Set(row.dataset.c.split(" "));
      const context = row.dataset.ctx === "" ? null : Number(row.dataset.ctx);
      const keep = caps.every((c) => has.has(c)) && (!least || (context !== null && context >= least));
      row.hidden = !keep;
      shown += keep;
    }
    count.textContent = caps.length || least ? `${shown} of ${rows.length} shown. ${total}` : total;
    const params = new URLSearchParams();
    for (const c of caps) params.append("cap", c);
    if (least) params.set("minctx", String(least));
    const query = params.toString();
    history.replaceState(null, "", query ? `?${query}` : location.pathname);
  };

  form.addEventListener("change", apply);
  form.addEventListener("reset", () => setTimeout(apply));
  form.addEventListener("submit", (event) => { event.preventDefault(); apply(); });
  fromUrl();
  form.hidden = false;
  apply();
}
