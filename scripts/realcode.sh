#!/usr/bin/env bash
# Scans a fixed list of real open-source packages, pinned to exact versions, with codeward's
# defaults, and prints what it finds: a measurement of findings on real code, for a person to
# judge. Not a test: it asserts nothing about the counts.
#
# The packages (PACKAGES below) are web frameworks, middleware, libraries and small web apps
# as their registries publish them: Python sdists from PyPI, npm tarballs from the npm
# registry, and Go and Java upstream sources (the .orig.tar.* of Debian source packages) from
# the Debian mirror the machine uses. None is a deliberately vulnerable demo or a benchmark.
#  - PyPI: the sdist is fetched with the URL and sha256 from https://pypi.org/pypi/NAME/json.
#    `pip download --no-binary :all:` is not used: it builds each sdist's metadata, which
#    fails without the package's build backend installed.
#  - npm: `npm pack NAME@VERSION` in a temporary folder (npm checks the integrity).
#  - Debian: the .orig.tar.* is fetched from the pool of the first `.../debian` mirror in
#    /etc/apt/sources.list* (or $DEBIAN_MIRROR) and checked against the sha256 written here,
#    taken from bookworm's Sources index. Some bookworm sources are not served by the mirror
#    here (velocity-tools and commons-fileupload answered 404), so they are not in the list.
#    A Go package's `vendor/` folder (vendored third-party modules) is removed after
#    extraction; nothing else is changed (jersey1's samples/ and contribs/ stay: they are
#    part of its upstream source). Debian drops a version's files from the pool when it
#    replaces that version: a 404 there means the pin needs updating.
#  - npm tarballs hold what the authors publish, mostly the library without its tests.
#
# Each package is scanned twice from its own folder: `codeward scan . --format json` (the
# defaults: test code left out) and with `--include-tests`; test-code findings are those the
# second run has beyond the first. Exit code 1 from a scan just means findings. Columns:
# files and skipped are the report's filesScanned and filesSkipped (binary, too large, not
# UTF-8), errors its rule errors, scan s the wall time of the default scan.
#
# Output: the tables on stdout; under the cache folder (default target/realcode/):
# downloads/ (archives), src/ (extracted packages, reused on the next run), scans/ (the JSON
# reports and stderr of each scan), findings.jsonl (every non-test finding, one JSON object a
# line). Exits 0 when every package was downloaded and scanned, 1 when one was missing or its
# scan failed (the tables are still printed), 2 for bad usage or a cache another run holds.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  cat <<'EOF'
Usage: scripts/realcode.sh [--sample N] [--seed S] [--cache DIR] [--help]

Downloads a fixed list of real open-source packages (PyPI, npm, Debian sources for Go and
Java), pinned to exact versions, scans each with codeward's defaults and prints:
  - per package: files scanned and skipped, lines, non-test findings, test-code findings
    (found only with --include-tests), rule errors, scan time;
  - per rule id: non-test findings, most first;
and writes every non-test finding to CACHE/findings.jsonl.

Options:
  --sample N   also print N non-test findings drawn at random, with 3 lines of source
               context each side, for a person to judge (0: none, the default)
  --seed S     seed of the sample (default 1); the same seed gives the same sample
  --cache DIR  where packages, scans and findings.jsonl go (default target/realcode);
               packages already there are not downloaded again
  -h, --help   this text

Environment:
  CODEWARD       the codeward binary to use (default: cargo build --release --locked,
                 then target/release/codeward)
  DEBIAN_MIRROR  Debian mirror for the Go and Java sources (default: the first .../debian
                 mirror in /etc/apt/sources.list*, else http://deb.debian.org/debian)

Exit codes: 0 all packages scanned; 1 a package missing or its scan failed; 2 bad usage
or another run using the same cache.
EOF
}

# ecosystem  name  version  [Debian: pool path of the .orig.tar.*  sha256]
PACKAGES=(
  "pypi flask 3.0.3"
  "pypi bottle 0.12.25"
  "pypi requests 2.32.3"
  "pypi Flask-Admin 1.6.1"
  "pypi django-allauth 0.63.3"
  "pypi tornado 6.4.1"
  "npm express 4.19.2"
  "npm koa 2.15.3"
  "npm body-parser 1.20.2"
  "npm multer 1.4.5-lts.1"
  "npm http-server 14.1.1"
  "npm json-server 0.17.4"
  "debian golang-github-gorilla-mux 1.8.0-1 pool/main/g/golang-github-gorilla-mux/golang-github-gorilla-mux_1.8.0.orig.tar.gz ea2639259d2ce6f402636655e91eb93ba69c139e3cbf80b044ee393ada53757b"
  "debian golang-github-gin-gonic-gin 1.8.1-1 pool/main/g/golang-github-gin-gonic-gin/golang-github-gin-gonic-gin_1.8.1.orig.tar.gz 9f6a9a6c2b96c323902d8ee1728152bafdf1894130554a93af5d3f1807c0403b"
  "debian golang-github-labstack-echo 4.2.1-3 pool/main/g/golang-github-labstack-echo/golang-github-labstack-echo_4.2.1.orig.tar.gz 81c2f8c8529404814e929c865b4989766570e4f230122509f8f8288891c5b3c3"
  "debian webhook 2.8.0-4 pool/main/w/webhook/webhook_2.8.0.orig.tar.gz c521558083f96bcefef16575a6f3f98ac79c0160fd0073be5e76d6645e068398"
  "debian jsoup 1.15.3-1 pool/main/j/jsoup/jsoup_1.15.3.orig.tar.xz 052511f0be47511f9b2a17d44fc1eccc4b5373e77cc5a3221e34b6af437e1e2e"
  "debian jersey1 1.19.3-8 pool/main/j/jersey1/jersey1_1.19.3.orig.tar.xz 87de2c8d0f7abbd89fcfb12ba6516ccb33f8aeb80f31237ac08166a37b56863a"
)
# Which language a Debian source holds, for the table.
debian_language() { case "$1" in golang-* | webhook) echo go ;; *) echo java ;; esac; }

SAMPLE=0
SEED=1
CACHE=target/realcode
while (($#)); do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --sample | --seed | --cache)
      if (($# < 2)); then echo "realcode: $1 needs a value (see --help)" >&2; exit 2; fi
      case "$1" in
        --sample) SAMPLE=$2 ;;
        --seed) SEED=$2 ;;
        --cache) CACHE=$2 ;;
      esac
      shift 2
      ;;
    *) echo "realcode: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
if ! [[ $SAMPLE =~ ^[0-9]+$ ]]; then echo "realcode: --sample wants a whole number, got: $SAMPLE" >&2; exit 2; fi
if ! [[ $SEED =~ ^-?[0-9]+$ ]]; then echo "realcode: --seed wants a whole number, got: $SEED" >&2; exit 2; fi
for tool in python3 curl npm tar sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || { echo "realcode: $tool is needed and not found" >&2; exit 2; }
done

started=$(date +%s)

if [ -n "${CODEWARD:-}" ]; then
  [ -x "$CODEWARD" ] || { echo "realcode: CODEWARD=$CODEWARD is not an executable file" >&2; exit 2; }
else
  echo "realcode: building codeward (cargo build --release --locked)" >&2
  cargo build --release --locked
  CODEWARD=target/release/codeward
fi
CODEWARD=$(cd "$(dirname "$CODEWARD")" && pwd)/$(basename "$CODEWARD")

if [ -z "${DEBIAN_MIRROR:-}" ]; then
  DEBIAN_MIRROR=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
    grep -v '^[[:space:]]*#' | grep -oE 'https?://[^[:space:]]+/debian/?([[:space:]]|$)' | head -n 1 | tr -d '[:space:]' || true)
  DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
fi
DEBIAN_MIRROR=${DEBIAN_MIRROR%/}

mkdir -p "$CACHE/downloads" "$CACHE/src" "$CACHE/scans"
CACHE=$(cd "$CACHE" && pwd)
# One run at a time per cache: two would write the same scans and findings.jsonl.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE/.lock"
  flock -n 9 || { echo "realcode: another run is using $CACHE" >&2; exit 2; }
fi

# Fetches the sdist of NAME==VERSION from PyPI into DIR; prints the file's path.
pypi_fetch() {
  python3 - "$1" "$2" "$3" <<'PY'
import hashlib, json, os, sys, time, urllib.parse, urllib.request

name, version, folder = sys.argv[1:4]
index = f"https://pypi.org/pypi/{name}/json"

def get(url):
    for attempt in range(3):
        try:
            with urllib.request.urlopen(url, timeout=120) as response:
                return response.read()
        except Exception as error:  # retried, then reported
            last = error
            time.sleep(2 * (attempt + 1))
    sys.exit(f"{url}: {last}")

releases = json.loads(get(index)).get("releases", {})
if version not in releases:
    sys.exit(f"PyPI has no release {version} of {name}")
sdists = [item for item in releases[version] if item.get("packagetype") == "sdist"]
if not sdists:
    sys.exit(f"PyPI has no sdist for {name} {version}")
item = sdists[0]
data = get(urllib.parse.urljoin(index, item["url"]))
digest = hashlib.sha256(data).hexdigest()
if digest != item["digests"]["sha256"]:
    sys.exit(f"{item['filename']}: sha256 {digest}, PyPI says {item['digests']['sha256']}")
path = os.path.join(folder, item["filename"])
with open(path + ".part", "wb") as file:
    file.write(data)
os.replace(path + ".part", path)
print(path)
PY
}

# Downloads (unless already there) the archive of one package; prints its path.
fetch() {
  local ecosystem=$1 name=$2 version=$3 pool=${4:-} sha=${5:-}
  local folder="$CACHE/downloads/$ecosystem-$name-$version"
  local existing
  existing=$(find "$folder" -maxdepth 1 -type f \( -name '*.tar.*' -o -name '*.tgz' -o -name '*.zip' \) \
    ! -name '*.part' 2>/dev/null | head -n 1 || true)
  if [ -n "$existing" ]; then echo "$existing"; return 0; fi
  rm -rf "$folder"
  mkdir -p "$folder"
  case "$ecosystem" in
    pypi) pypi_fetch "$name" "$version" "$folder" ;;
    npm)
      local tmp file
      tmp=$(mktemp -d)
      if ! file=$(cd "$tmp" && npm pack --loglevel=error "$name@$version" 2>"$folder/npm.log" | tail -n 1) ||
        [ -z "$file" ] || [ ! -f "$tmp/$file" ]; then
        cat "$folder/npm.log" >&2
        rm -rf "$tmp"
        return 1
      fi
      mv "$tmp/$file" "$folder/$file"
      rm -rf "$tmp"
      echo "$folder/$file"
      ;;
    debian)
      local file=$folder/${pool##*/}
      curl -fsSL --retry 3 --connect-timeout 30 -o "$file.part" "$DEBIAN_MIRROR/$pool" || { rm -f "$file.part"; return 1; }
      if ! echo "$sha  $file.part" | sha256sum --check --status; then
        echo "sha256 of $DEBIAN_MIRROR/$pool is not $sha" >&2
        rm -f "$file.part"
        return 1
      fi
      mv "$file.part" "$file"
      echo "$file"
      ;;
  esac
}

# Extracts ARCHIVE to DEST (the archive's one top folder becomes DEST).
extract() {
  local archive=$1 dest=$2 tmp
  tmp=$(mktemp -d "$CACHE/src/.extract.XXXXXX") || return 1
  case "$archive" in
    *.zip) python3 -m zipfile -e "$archive" "$tmp" || { rm -rf "$tmp"; return 1; } ;;
    *) tar -xf "$archive" -C "$tmp" --no-same-owner --no-same-permissions || { rm -rf "$tmp"; return 1; } ;;
  esac
  chmod -R u+rwX "$tmp"
  rm -rf "$dest"
  local entries=("$tmp"/* "$tmp"/.[!.]*)
  local present=()
  for entry in "${entries[@]}"; do [ -e "$entry" ] && present+=("$entry"); done
  if [ "${#present[@]}" -eq 1 ] && [ -d "${present[0]}" ]; then
    mv "${present[0]}" "$dest" && rmdir "$tmp"
  else
    mv "$tmp" "$dest"
  fi
}

missing=()
printf 'realcode: codeward %s, cache %s\n' "$("$CODEWARD" --version 2>/dev/null | awk '{print $NF}')" "$CACHE" >&2
: >"$CACHE/scans/index.tsv"
for entry in "${PACKAGES[@]}"; do
  read -r ecosystem name version pool sha <<<"$entry"
  key="$ecosystem-$name-$version"
  src="$CACHE/src/$key"
  language=$ecosystem
  case "$ecosystem" in pypi) language=python ;; npm) language=javascript ;; debian) language=$(debian_language "$name") ;; esac
  if [ ! -f "$src.ok" ]; then
    echo "realcode: downloading $name $version ($ecosystem)" >&2
    log="$CACHE/downloads/$key.log"
    if ! archive=$(fetch "$ecosystem" "$name" "$version" "$pool" "$sha" 2>"$log"); then
      sed 's/^/  /' "$log" >&2
      echo "realcode: download of $name $version ($ecosystem) failed; going on without it" >&2
      missing+=("$name $version ($ecosystem): download failed: $(grep -v '^[[:space:]]*$' "$log" | head -n 2 | tr '\n' ' ' | cut -c1-160)")
      continue
    fi
    if ! extract "$archive" "$src"; then
      echo "realcode: extracting $archive for $name $version failed; going on without it" >&2
      missing+=("$name $version ($ecosystem): extraction failed")
      continue
    fi
    if [ "$language" = go ]; then rm -rf "$src/vendor"; fi
    touch "$src.ok"
  fi
  echo "realcode: scanning $name $version" >&2
  failed=""
  for mode in default tests; do
    flags=()
    [ "$mode" = tests ] && flags=(--include-tests)
    status=0
    t0=$(date +%s%N)
    (cd "$src" && "$CODEWARD" scan . --format json "${flags[@]}") \
      >"$CACHE/scans/$key.$mode.json" 2>"$CACHE/scans/$key.$mode.stderr" || status=$?
    t1=$(date +%s%N)
    if [ "$status" -gt 1 ]; then
      echo "realcode: codeward scan of $name $version ($mode) exited $status; see $CACHE/scans/$key.$mode.stderr" >&2
      failed="scan ($mode) exited $status"
      break
    fi
    if [ "$mode" = default ]; then millis=$(((t1 - t0) / 1000000)); fi
  done
  if [ -n "$failed" ]; then
    missing+=("$name $version ($ecosystem): $failed")
    continue
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$key" "$name" "$version" "$language" "$src" "$millis" >>"$CACHE/scans/index.tsv"
done

python3 - "$CACHE" "$SAMPLE" "$SEED" <<'PY'
import collections, json, os, random, sys

cache, sample_size, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rows, findings, by_rule, rule_packages = [], [], collections.Counter(), collections.defaultdict(set)

def key(item):
    return (item["path"], item["ruleId"], item["startLine"], item["startColumn"],
            item["endLine"], item["endColumn"], item.get("fingerprint"))

with open(os.path.join(cache, "scans", "index.tsv")) as index:
    for line in index:
        package_key, name, version, language, src, millis = line.rstrip("\n").split("\t")
        reports = {}
        for mode in ("default", "tests"):
            with open(os.path.join(cache, "scans", f"{package_key}.{mode}.json")) as file:
                reports[mode] = json.load(file)
        default, tests = reports["default"], reports["tests"]
        extra = collections.Counter(key(item) for item in tests["findings"])
        extra.subtract(key(item) for item in default["findings"])
        summary = default["summary"]
        rows.append((name, version, language, summary["filesScanned"], summary["filesSkipped"],
                     summary["linesScanned"], len(default["findings"]),
                     sum(n for n in extra.values() if n > 0), summary["errors"], int(millis) / 1000))
        for item in default["findings"]:
            by_rule[item["ruleId"]] += 1
            rule_packages[item["ruleId"]].add(name)
            findings.append({
                "package": name, "version": version, "language": language,
                "path": item["path"], "line": item["startLine"], "column": item["startColumn"],
                "endLine": item["endLine"], "ruleId": item["ruleId"],
                "severity": item["severity"], "message": item["message"],
                "file": os.path.relpath(os.path.join(src, item["path"])),
            })

def table(header, body, right):
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *body)]
    def fmt(cells):
        return "  ".join(str(c).rjust(w) if i in right else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
    print(fmt(header))
    print("  ".join("-" * w for w in widths))
    for cells in body:
        print(fmt(cells))

print("\n== Findings per package (codeward defaults; test code counted apart)\n")
body = [(*row[:-1], f"{row[-1]:.1f}") for row in rows]
totals = [sum(row[i] for row in rows) for i in range(3, 9)]
body.append(("total", "", "", *totals, f"{sum(row[9] for row in rows):.1f}"))
table(("package", "version", "language", "files", "skipped", "lines", "findings", "test-code",
       "errors", "scan s"), body, right=set(range(3, 10)))

print("\n== Non-test findings per rule\n")
ranked = sorted(by_rule.items(), key=lambda pair: (-pair[1], pair[0]))
table(("rule", "findings", "packages"),
      [(rule, count, len(rule_packages[rule])) for rule, count in ranked] or [("(none)", 0, 0)],
      right={1, 2})

findings.sort(key=lambda f: (f["package"].lower(), f["path"], f["line"], f["column"], f["ruleId"]))
out = os.path.join(cache, "findings.jsonl")
with open(out + ".part", "w") as file:
    for finding in findings:
        file.write(json.dumps(finding, ensure_ascii=False) + "\n")
os.replace(out + ".part", out)
print(f"\n{len(findings)} non-test findings written to {os.path.relpath(out)}")

if sample_size:
    chosen = random.Random(seed).sample(findings, min(sample_size, len(findings)))
    print(f"\n== A sample of {len(chosen)} non-test findings (--seed {seed})")
    for number, finding in enumerate(chosen, 1):
        print(f"\n[{number}] {finding['package']} {finding['version']}  {finding['path']}:{finding['line']}"
              f"  {finding['ruleId']} ({finding['severity']})\n    {finding['message']}")
        try:
            with open(finding["file"], encoding="utf-8", errors="replace") as file:
                lines = file.read().splitlines()
        except OSError as error:
            print(f"    (source not readable: {error})")
            continue
        first, last = finding["line"], max(finding["line"], finding["endLine"])
        shown = list(range(max(1, first - 3), min(len(lines), last + 3) + 1))
        if last - first > 5:  # a long flagged region (a key block): its first and last lines
            shown = [n for n in shown if n < first + 3 or n >= last]
        previous = None
        for n in shown:
            if previous is not None and n != previous + 1:
                print(f"  {'':7} | ... ({n - previous - 1} lines)")
            previous = n
            text = lines[n - 1]
            if len(text) > 160:
                text = text[:157] + "..."
            print(f"  {'>' if first <= n <= last else ' '}{n:6} | {text}")
PY

echo
if ((${#missing[@]})); then
  echo "Missing or failed (${#missing[@]} of ${#PACKAGES[@]} packages):"
  printf '  %s\n' "${missing[@]}"
else
  echo "All ${#PACKAGES[@]} packages downloaded and scanned."
fi
echo "Total time: $(($(date +%s) - started)) s"
((${#missing[@]} == 0)) || exit 1
