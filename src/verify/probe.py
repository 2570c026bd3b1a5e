"""shipshape verify probe: the facts of one image, as one JSON document on stdout.

Runs inside the image as its own user (`docker run --rm --entrypoint python3 IMAGE -c ...`),
with nothing but the standard library, so it works on slim, alpine and distroless images
alike. It never writes to the image's folders. Arguments come as one JSON document in
argv[1]: {"caches": [...], "folders": [...], "deadline": seconds, "libraries": "auto"}.
"""
import glob, json, os, re, shutil, stat, struct, subprocess, sys, time

ARGS = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
STARTED = time.time()
DEADLINE = STARTED + float(ARGS.get("deadline", 150))
ERRORS = []
MAX_FILES = 20000
SYSTEM = {"proc", "sys", "dev", "run", "tmp", "var", "etc", "usr", "bin", "sbin", "lib", "lib32",
          "lib64", "libx32", "boot", "media", "mnt", "lost+found", "nix"}
VENVS_SEEN = []  # filled by walk_files, which skips venvs (their content is compared as distributions)
NOT_MODULES = {"tests", "test", "testing", "docs", "doc", "examples", "benchmarks"}


def left():
    return max(1.0, DEADLINE - time.time())


def norm(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def home_dir():
    try:
        import pwd
        return pwd.getpwuid(os.getuid()).pw_dir
    except Exception:  # noqa: BLE001 - distroless may lack an entry for the uid
        return os.environ.get("HOME") or "/"


HOME = home_dir().rstrip("/") or "/"


def shown(path):
    """A path under the user's home as ~/..., so root's /root and app's /home/app compare."""
    if HOME != "/" and (path == HOME or path.startswith(HOME + "/")):
        return "~" + path[len(HOME):]
    return path


# ---- environments: the system Python and every venv the image carries ----------------------

CHILD = r'''
import importlib, importlib.metadata as md, json, re, sys, os
def norm(n): return re.sub(r"[-_.]+", "-", n).lower()
skip = set(json.loads(sys.argv[1]))
sites = [p for p in sys.path if p.endswith(("site-packages", "dist-packages")) and os.path.isdir(p)]
dists, seen = [], set()
for d in md.distributions():
    name = d.metadata["Name"] if d.metadata else None
    if not name: continue
    key = (norm(name), d.version)
    if key in seen: continue
    seen.add(key)
    requires, requires_extra = [], []
    for r in d.requires or []:
        m = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", r)
        if not m: continue
        (requires_extra if "extra ==" in r.replace("extra==", "extra ==") else requires).append(norm(m.group(1)))
    top = []
    text = d.read_text("top_level.txt")
    if text:
        top = [t.strip() for t in text.split() if t.strip()]
    else:
        for f in d.files or []:
            parts = str(f).split("/")
            head = parts[0]
            if head.endswith((".dist-info", ".egg-info", ".data")) or head in ("..", "__pycache__") or head.startswith("."): continue
            if len(parts) > 1: top.append(head)
            elif head.endswith(".py"): top.append(head[:-3])
            elif ".so" in head or head.endswith(".pyd"): top.append(head.split(".")[0])
    top = sorted({t for t in top if re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", t) and t not in skip})
    loc = str(d.locate_file("")) if hasattr(d, "locate_file") else ""
    dists.append({"name": norm(name), "version": d.version, "location": loc, "requires": sorted(set(requires)), "requiresExtra": sorted(set(requires_extra)), "topLevel": top})
print(json.dumps({"executable": sys.executable, "prefix": sys.prefix, "sites": sites, "distributions": dists}), flush=True)
for dist in dists:
    for module in dist["topLevel"]:
        print(json.dumps({"start": module}), flush=True)
        try:
            importlib.import_module(module)
            print(json.dumps({"module": module, "ok": True}), flush=True)
        except BaseException as e:
            print(json.dumps({"module": module, "ok": False, "error": (type(e).__name__ + ": " + str(e))[:300]}), flush=True)
'''


def run_child(python):
    """One process per environment: its distributions, then an import of each top-level module."""
    try:
        proc = subprocess.run([python, "-c", CHILD, json.dumps(sorted(NOT_MODULES))], capture_output=True,
                              text=True, timeout=min(90.0, left()), cwd=os.getcwd())
        out, timed_out = proc.stdout, False
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        timed_out = True
    except OSError as e:
        ERRORS.append(f"{python}: {e}")
        return None
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if not lines:
        ERRORS.append(f"{python} listed no distributions")
        return None
    env = json.loads(lines[0])
    imports, started = {}, None
    for line in lines[1:]:
        event = json.loads(line)
        if "start" in event:
            started = event["start"]
        else:
            imports[event["module"]] = event
            started = None
    if timed_out and started:
        imports[started] = {"module": started, "ok": False, "error": "timed out"}
    env["imports"] = list(imports.values())
    env["python"] = python
    return env


def find_venvs():
    """The venv on PATH, the probe's own, and every venv the file walk passed (pyvenv.cfg)."""
    found = set()
    for entry in os.environ.get("PATH", "").split(":"):
        if entry.endswith("/bin") and os.path.isfile(os.path.join(entry[:-4], "pyvenv.cfg")):
            found.add(entry[:-4])
    if sys.prefix != getattr(sys, "base_prefix", sys.prefix):
        found.add(sys.prefix)
    for venv in VENVS_SEEN:
        found.add(venv)
    return sorted(found)


# ---- files the app owns --------------------------------------------------------------------


def file_roots():
    roots = set()
    cwd = os.getcwd()
    if cwd != "/":
        roots.add(cwd)
    try:
        for name in os.listdir("/"):
            if name not in SYSTEM:
                roots.add("/" + name)
    except OSError as e:
        ERRORS.append(f"/: {e}")
    for name, value in os.environ.items():
        if name in ("PATH", "HOME", "PWD") or not value.startswith("/") or ":" in value:
            continue
        value = value.rstrip("/")
        if value and os.path.isdir(value) and value.split("/")[1] not in ("proc", "sys", "dev") \
                and value not in ("/usr", "/usr/local", "/var", "/etc", "/opt") and not value.endswith("/bin"):
            roots.add(value)
    ordered = sorted(roots, key=len)
    return [r for r in ordered if not any(r != o and r.startswith(o + "/") for o in ordered)]


def walk_files(roots, caches):
    entries, truncated = {}, False
    cache_paths = {HOME + "/" + c if HOME != "/" else "/" + c for c in caches}
    stack = list(roots)
    while stack:
        path = stack.pop()
        try:
            st = os.lstat(path)
        except OSError:
            continue
        if stat.S_ISDIR(st.st_mode):
            base = os.path.basename(path)
            if base == "__pycache__" or base in ("site-packages", "dist-packages") or path in cache_paths:
                continue
            if os.path.isfile(os.path.join(path, "pyvenv.cfg")):
                VENVS_SEEN.append(path)
                continue
            try:
                names = os.listdir(path)
            except OSError:
                continue
            stack.extend(os.path.join(path, n) for n in names)
        elif path.endswith((".pyc", ".pyo")):
            continue
        elif len(entries) >= MAX_FILES:
            truncated = True
        else:
            kind = "l" if stat.S_ISLNK(st.st_mode) else "f"
            entries[shown(path)] = {"size": st.st_size if kind == "f" else 0, "kind": kind}
    return entries, truncated


def writable(folders):
    result = {}
    for folder in folders:
        path = HOME + folder[1:] if folder.startswith("~") else folder
        if os.path.isdir(path):
            result[folder] = os.access(path, os.W_OK | os.X_OK)
    return result


# ---- shared libraries of compiled extensions -----------------------------------------------

def extensions(sites):
    found = []
    for site in sites:
        for dirpath, dirnames, filenames in os.walk(site):
            for name in filenames:
                if name.endswith(".so") or ".so." in name:
                    full = os.path.join(dirpath, name)
                    if not os.path.islink(full):
                        found.append((site, full))
    return found


def parse_ldd(text):
    missing, current = {}, None
    for line in text.splitlines():
        if line and not line[0].isspace() and line.rstrip().endswith(":"):
            current = line.rstrip()[:-1]
            continue
        if current and "=> not found" in line:
            missing.setdefault(current, []).append(line.split("=>")[0].strip())
    return missing


def elf_needed(path):
    """DT_NEEDED names and RPATH/RUNPATH of an ELF file, read with struct (no tools needed)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF":
        return [], []
    is64, little = data[4] == 2, data[5] == 1
    e = "<" if little else ">"
    if is64:
        shoff, = struct.unpack_from(e + "Q", data, 0x28)
        shentsize, shnum = struct.unpack_from(e + "HH", data, 0x3A)
    else:
        shoff, = struct.unpack_from(e + "I", data, 0x20)
        shentsize, shnum = struct.unpack_from(e + "HH", data, 0x2E)
    sections = []
    for i in range(shnum):
        off = shoff + i * shentsize
        if is64:
            _, stype, _, _, soff, ssize, link, _, _, _ = struct.unpack_from(e + "IIQQQQIIQQ", data, off)
        else:
            _, stype, _, _, soff, ssize, link, _, _, _ = struct.unpack_from(e + "IIIIIIIIII", data, off)
        sections.append((stype, soff, ssize, link))
    needed, paths = [], []
    for stype, soff, ssize, link in sections:
        if stype != 6:  # SHT_DYNAMIC
            continue
        strtab = sections[link]
        entsize = 16 if is64 else 8
        for j in range(ssize // entsize):
            tag, val = struct.unpack_from(e + ("qQ" if is64 else "iI"), data, soff + j * entsize)
            if tag == 0:
                break
            if tag in (1, 15, 29):  # DT_NEEDED, DT_RPATH, DT_RUNPATH
                start = strtab[1] + val
                name = data[start:data.index(b"\0", start)].decode()
                (needed if tag == 1 else paths).append(name)
    return needed, paths


def library_dirs():
    dirs = [d for d in os.environ.get("LD_LIBRARY_PATH", "").split(":") if d]
    def conf(path):
        try:
            for line in open(path):
                line = line.split("#")[0].strip()
                if line.startswith("include "):
                    for inc in sorted(glob.glob(line.split(None, 1)[1])):
                        conf(inc)
                elif line:
                    dirs.append(line)
        except OSError:
            pass
    conf("/etc/ld.so.conf")
    dirs += ["/lib", "/usr/lib", "/lib64", "/usr/lib64"] + glob.glob("/lib/*-linux-gnu") + glob.glob("/usr/lib/*-linux-gnu")
    return dirs


def resolve_elf(files):
    system = library_dirs()
    missing = {}
    for _, path in files:
        todo, seen = [path], set()
        while todo and time.time() < DEADLINE:
            current = todo.pop()
            try:
                needed, paths = elf_needed(current)
            except (OSError, struct.error, IndexError, ValueError):
                continue
            origin = os.path.dirname(current)
            search = [p.replace("$ORIGIN", origin).replace("${ORIGIN}", origin) for rp in paths for p in rp.split(":")]
            for name in needed:
                if name in seen:
                    continue
                seen.add(name)
                hit = next((os.path.join(d, name) for d in search + system if os.path.exists(os.path.join(d, name))), None)
                if hit:
                    todo.append(os.path.realpath(hit))
                else:
                    missing.setdefault(path, []).append(name)
    return missing


def resolve(files, method):
    ldd = shutil.which("ldd")
    loaders = sorted(glob.glob("/lib64/ld-linux*.so*") + glob.glob("/lib/ld-linux*.so*") + glob.glob("/lib/ld-musl*.so*"))
    if method == "auto":
        method = "ldd" if ldd else "loader" if loaders else "elf"
    if not files:
        return method, {}
    if method == "ldd" and ldd:
        missing = {}
        for i in range(0, len(files), 50):
            chunk = [p for _, p in files[i:i + 50]]
            try:
                out = subprocess.run([ldd] + chunk, capture_output=True, text=True, timeout=left()).stdout
            except (subprocess.TimeoutExpired, OSError) as e:
                ERRORS.append(f"ldd: {e}")
                break
            if len(chunk) == 1:
                out = chunk[0] + ":\n" + out
            missing.update(parse_ldd(out))
        return "ldd", missing
    if method == "loader" and loaders:
        missing = {}
        for _, path in files:
            try:
                proc = subprocess.run([loaders[0], "--list", path], capture_output=True, text=True, timeout=left())
            except (subprocess.TimeoutExpired, OSError) as e:
                ERRORS.append(f"{loaders[0]}: {e}")
                break
            missing.update(parse_ldd(path + ":\n" + proc.stdout))
            # The loader stops at the first library it cannot load and says so on stderr.
            for name in re.findall(r"error while loading shared libraries: ([^:\s]+): cannot open", proc.stderr):
                missing.setdefault(path, []).append(name)
        return "loader", missing
    return "elf", resolve_elf(files)


def main():
    roots = file_roots()
    entries, truncated = walk_files(roots, ARGS.get("caches", []))
    pythons = []
    base = os.path.join(getattr(sys, "base_prefix", sys.prefix), "bin", "python3")
    pythons.append(base if os.path.exists(base) else sys.executable)
    pythons += [os.path.join(v, "bin", "python") for v in find_venvs()]
    envs = [e for e in (run_child(p) for p in dict.fromkeys(pythons) if os.path.exists(p)) if e]
    sites = sorted({s for e in envs for s in e["sites"]})
    files = extensions(sites)
    method, missing = resolve(files, ARGS.get("libraries", "auto"))
    site_of = {path: site for site, path in files}
    unresolved = [{"extension": os.path.relpath(p, site_of.get(p, "/")), "missing": sorted(set(m))}
                  for p, m in sorted(missing.items()) if p in site_of]
    print(json.dumps({
        "user": {"uid": os.getuid(), "gid": os.getgid(), "home": HOME},
        "workdir": os.getcwd(),
        "environments": [{"python": e["python"], "prefix": e["prefix"], "sites": e["sites"]} for e in envs],
        "distributions": [d for e in envs for d in e["distributions"]],
        "imports": [i for e in envs for i in e["imports"]],
        "libraries": {"method": method, "extensions": len(files), "unresolved": unresolved},
        "files": {"roots": [shown(r) for r in roots], "entries": entries, "truncated": truncated},
        "writable": writable(ARGS.get("folders", [])),
        "errors": ERRORS,
        "seconds": round(time.time() - STARTED, 2),
    }))


main()
