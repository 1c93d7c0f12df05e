// /config.json: where Cognito and the API are (written at deploy time; served by local/web.py locally).
let loading;

export function config() {
  loading ||= fetch("/config.json", { cache: "no-store", credentials: "omit" }).then((response) => {
    if (!response.ok) throw new Error(`config.json answered ${response.status}`);
    return response.json();
  });
  return loading;
}
