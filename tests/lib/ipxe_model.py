"""A model of Debian's iPXE running a script, for the commands the menu
compiler writes: what it asks, what it answers, and what it would boot.

It follows iPXE's own rules (src/core/exec.c, src/hci/commands): a line
is split on blanks; `||`, `&&` and `;` separate commands (found before
any expansion), and a command after `&&` runs only when the one before
succeeded, after `||` only when it failed; then each word of a command is
expanded (${...}, again while the result holds one), so a value with
blanks stays one argument and an empty one an empty argument; an empty
command succeeds; a line whose last command failed ends the script.
`goto` and `exit` end the line.

Typed answers are fed to `read`, `choose` and `prompt` the way the module
reads them: one line each.  An answer the script could not take the way
the module takes it (a key no item has, Enter at a menu with no default,
text where an IPv4 address is read, answers left over or missing) makes
the run "unanswerable": the answer set is one iPXE cannot replay, not a
difference.  So does a message that says iPXE cannot do what the module
does ("iPXE cannot ..."): the script took a weaker path; a
strip left undone that would have changed the value; and (Result.assumed)
the DHCP host name taken for a PTR name that the DNS gives otherwise,
when the results differ.

Every `boot` fails in the model, so that one round of attempts (kernel,
initrd, command line) is collected before the failure menu.
"""

import ipaddress
import re

STEP_LIMIT = 200000
# Messages of a weaker path.  ("iPXE has no masks table" is not one: the
# script then asks for netmask and gateway, and the answers say so.)
DEGRADED = ("iPXE cannot",)
# The compiler's stand-ins for what iPXE cannot do (engine/stage1/ipxe_menu.c):
# a strip it leaves undone, and the DHCP host name taken for the PTR
# name of the DHCP address.
STRIP = re.compile(r"# strip (\w+) (\S+): iPXE has no string operations$")
REVERSE = re.compile(r"iseq \$\{(d_\w+)\} \$\{d_dhcp_ipaddr\} && isset "
                     r"\$\{d_dhcp_hostname\} && set d_\w+ "
                     r"\$\{d_dhcp_hostname\} \|\|$")


class ModelError(Exception):
    """The script did something iPXE would refuse, or the model does not
    know: a test failure, not an unanswerable set."""


class Unanswerable(Exception):
    pass


# Debian 12's iPXE's read: a line of at most 255 characters; Debian 13's
# (src/hci/readline.c, 2025) grows the line as it is typed: no limit.
READLINE_MAX = {"bookworm": 256, "trixie": None}


def typed(keys, release="bookworm"):
    """The line iPXE's read (src/hci/editstring.c) makes of typed bytes
    ending in Enter: printable ASCII is inserted while the line has room,
    every other byte is no key it knows and is dropped.  (For the bytes
    the tests type: no escape sequences, Backspace or control keys.)"""
    line = bytes(c for c in keys if 0x20 <= c <= 0x7e)
    limit = READLINE_MAX[release]
    return line[:limit - 1] if limit else line


def is_ipv4(text):
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return text.count(".") == 3


class Result:
    def __init__(self):
        self.action = None     # boot, prompt, local, stop
        self.assumed = []      # stand-ins whose result may differ
        self.attempts = []     # (kernel URL, initrd URL, command line)
        self.output = []
        self.transcript = ""   # what the screen shows, typing included
        self.chains = 0        # scripts chained


class Script:
    def __init__(self, text, settings, answers, cpu="amd64", ptr=None,
                 fetch=None):
        self.load(text)
        # Enter at an empty read: iPXE stores nothing; the compiled stage1
        # then cannot answer as the module (which asks again), but the
        # dialog service hears the empty answer and decides as it does.
        self.strict_enter = fetch is None
        self.fetch = fetch  # chain URL -> script text, or None
        self.settings = dict(settings)
        # The types of iPXE's own settings; a script's are strings.
        self.types = {n: "ipv4" for n in ("ip", "netmask", "gateway",
                                          "next-server", "dns")}
        self.types.update({n: "mac" for n in settings
                           if n == "mac" or n.endswith("/mac")})
        self.answers = list(answers)
        self.cpu = cpu
        self.ptr = ptr or {}  # the DNS's PTR names, by address
        self.assumed = []  # stand-ins that may make the result differ
        self.allowed = None  # a message of a stand-in that cannot show
        self.menu = None
        self.pending = {}
        self.result = Result()
        self.jump = None
        self.done = False

    def load(self, text):
        self.lines = text.splitlines()
        self.labels = {}
        for i, line in enumerate(self.lines):
            if line.startswith(":"):
                self.labels[line[1:].strip()] = i

    # Settings
    def get(self, name):
        base, _, kind = name.partition(":")
        value = self.settings.get(base, "")
        typed = self.types.get(base, "string")
        if kind == "hexraw" and typed == "mac":
            return value.replace(":", "")
        if kind == "hexraw" and typed == "ipv4":
            # An address setting's bytes (dns: every server's)
            return "".join(bytes(map(int, w.split("."))).hex()
                           for w in value.split())
        if kind == "hexraw":
            return value.encode("latin-1").hex()
        if typed == "ipv4":
            return value.split()[0] if value else ""  # ${dns}: the first
        return value

    def store(self, name, value, where):
        base, _, kind = name.partition(":")
        if kind == "ipv4" and value and not is_ipv4(value):
            return 1
        if kind == "hex":
            try:
                value = bytes(int(b, 16) for b in value.split(":")
                              ).decode("latin-1") if value else ""
            except ValueError:
                return 1
        elif kind not in ("", "ipv4", "string"):
            raise ModelError("%s: setting type %r" % (where, kind))
        if value:
            self.settings[base] = value
        else:
            self.settings.pop(base, None)
        return 0

    def expand(self, line, where):
        while True:
            start = line.rfind("${")
            if start < 0:
                return line
            end = line.find("}", start)
            if end < 0:
                raise ModelError("%s: unclosed ${" % where)
            line = line[:start] + self.get(line[start + 2:end]) + \
                line[end + 1:]

    def answer(self, where):
        if not self.answers:
            raise Unanswerable("%s: no answer left" % where)
        return self.answers.pop(0)

    # Commands; each returns rc (0 = success)
    def c_set(self, a, where):
        if not a:
            raise ModelError("%s: set without a name" % where)
        return self.store(a[0], " ".join(a[1:]), where)

    def c_clear(self, a, where):
        return self.store(a[0], "", where)

    def c_isset(self, a, where):
        return 0 if a and a[0] else 1

    def c_iseq(self, a, where):
        return 0 if len(a) == 2 and a[0] == a[1] else 1

    def c_goto(self, a, where):
        if len(a) != 1 or a[0] not in self.labels:
            raise ModelError("%s: goto to no label: %r" % (where, a))
        self.jump = self.labels[a[0]]
        return 0

    def c_echo(self, a, where):
        text = " ".join(a)
        if text == self.allowed:
            self.allowed = None
        elif any(d in text for d in DEGRADED):
            raise Unanswerable("%s: %s" % (where, text))
        opts, a = self.options(a, (), where)
        self.result.output.append(" ".join(a))
        self.result.transcript += " ".join(a) + ("" if "-n" in opts
                                                  else "\n")
        return 0

    def c_menu(self, a, where):
        self.menu = []
        return 0

    @staticmethod
    def options(a, with_value, where):
        """iPXE's getopt: leading --options (with_value take the next
        word, as getopt does, whatever it is), then the arguments."""
        opts = {}
        while a and a[0].startswith("-") and len(a[0]) > 1:
            opt, a = a[0], a[1:]
            if opt == "--":
                break
            if opt in with_value:
                if not a:
                    raise ModelError("%s: %s without a value" % (where, opt))
                opts[opt], a = a[0], a[1:]
            else:
                opts[opt] = True
        return opts, a

    def c_item(self, a, where):
        opts, a = self.options(a, ("--key", "--menu"), where)
        if "--gap" in opts:
            return 0
        if self.menu is None or not a:
            raise ModelError("%s: item outside a menu" % where)
        self.menu.append((opts.get("--key"), a[0], " ".join(a[1:])))
        return 0

    def c_choose(self, a, where):
        opts, a = self.options(a, ("--default", "--timeout", "--menu"),
                               where)
        items, self.menu = self.menu or [], None
        if len(a) != 1:
            return 1  # a usage error, as iPXE's: the command fails
        if not items:
            raise ModelError("%s: choose without items" % where)
        if not self.answers and "--timeout" in opts:
            # Nobody types (the end of the answers, as the host tool
            # takes it): the timeout runs out and takes the default.
            pick = next((i for i in items if i[1] == opts.get("--default")),
                        items[0])
            return self.store(a[0], pick[1], where)
        line = self.answer(where)
        if line == "":
            if "--default" not in opts:
                raise Unanswerable("%s: Enter at a menu" % where)
            pick = next((i for i in items if i[1] == opts["--default"]),
                        items[0])
        else:
            pick = next((i for i in items if i[0] == line or (
                i[0] is None and i[2].startswith(line + ": "))), None)
            if pick is None:
                raise Unanswerable("%s: no item for %r" % (where, line))
        return self.store(a[0], pick[1], where)

    def c_read(self, a, where):
        line = self.answer(where)
        self.result.transcript += line + "\n"
        if line == "":
            line = self.get(a[0])
            if not line and self.strict_enter:
                raise Unanswerable("%s: Enter with nothing to keep" % where)
        if self.store(a[0], line, where):
            raise Unanswerable("%s: %r is not what iPXE reads" % (where,
                                                                  line))
        return 0

    def c_prompt(self, a, where):
        self.answer(where)
        return 0

    def c_chain(self, a, where):
        opts, a = self.options(a, ("--name", "--timeout"), where)
        if len(a) != 1 or self.fetch is None:
            raise ModelError("%s: chain %r" % (where, a))
        text = self.fetch(a[0])
        if text is None:
            return 1  # the fetch failed
        if not text.startswith("#!ipxe"):
            raise ModelError("%s: chained a non-script" % where)
        self.result.chains += 1
        if self.result.chains > 500:
            raise ModelError("more than 500 scripts chained")
        self.load(text)
        self.jump = 0
        return 0

    def c_cpuid(self, a, where):
        if a != ["--ext", "29"]:
            raise ModelError("%s: cpuid %r" % (where, a))
        return 0 if self.cpu == "amd64" else 1

    def c_ok(self, a, where):
        return 0

    def c_kernel(self, a, where):
        opts, a = self.options(a, ("--name", "--timeout"), where)
        name = opts.get("--name")
        if not a:
            raise ModelError("%s: kernel without a file" % where)
        args = ([name] if name else []) + a[1:]
        self.pending = {"kernel": a[0], "initrd": "", "cmdline":
                        " ".join(args)}
        return 0

    def c_initrd(self, a, where):
        opts, a = self.options(a, ("--name", "--timeout"), where)
        if len(a) != 1 or "kernel" not in self.pending:
            raise ModelError("%s: initrd %r" % (where, a))
        self.pending["initrd"] = a[0]
        return 0

    def c_boot(self, a, where):
        p = self.pending
        attempt = (p["kernel"], p["initrd"], p["cmdline"])
        if attempt in self.result.attempts:
            # A second round: one round is all that is compared.
            self.result.action = "boot"
            self.done = True
        else:
            self.result.attempts.append(attempt)
        self.pending = {}
        return 1

    def c_exit(self, a, where):
        if self.result.action is None:
            self.result.action = "prompt"
        self.done = True
        return 0

    def c_sanboot(self, a, where):
        self.result.action = "local"
        return 0

    def c_end(self, a, where):
        raise ModelError("%s: reached %r" % (where, " ".join(a)))

    COMMANDS = {
        "set": c_set, "clear": c_clear, "isset": c_isset, "iseq": c_iseq,
        "goto": c_goto, "echo": c_echo, "menu": c_menu, "item": c_item,
        "choose": c_choose, "read": c_read, "prompt": c_prompt,
        "cpuid": c_cpuid, "dhcp": c_ok, "ifopen": c_ok, "sleep": c_ok,
        "kernel": c_kernel, "initrd": c_initrd, "boot": c_boot,
        "exit": c_exit, "sanboot": c_sanboot, "shell": c_end,
        "chain": c_chain,
        "reboot": c_end,
    }

    def run_line(self, line, where):
        """iPXE's system(): split on blanks, find the separators, then
        expand each command's words one by one (a value with blanks stays
        one argument; an empty one stays an empty argument); returns the
        line's rc."""
        words = line.split()
        if "#" in words:
            words = words[:words.index("#")]
        rc, process = 0, True
        while True:
            n = next((i for i, w in enumerate(words)
                      if w in ("||", "&&", ";")), len(words))
            command, sep, words = words[:n], words[n:n + 1], words[n + 1:]
            if process and command:
                fn = self.COMMANDS.get(command[0])
                if fn is None:
                    raise ModelError("%s: unknown command %r" % (where,
                                                                command[0]))
                rc = fn(self, [self.expand(w, where) for w in command[1:]],
                        where)
            elif process:
                rc = 0
            if self.jump is not None or self.done or not sep:
                return rc
            process = {"||": rc != 0, "&&": rc == 0, ";": True}[sep[0]]

    def stand_in(self, line, where):
        """Where the script does less than the module, the set replays
        only when the difference cannot show."""
        m = STRIP.match(line)
        if m:
            value, suffix = self.get(m.group(1)), self.expand(m.group(2),
                                                                where)
            if value.lower().endswith("." + suffix.lower()):
                raise Unanswerable("%s: %s would be stripped" % (where,
                                                                 value))
        m = REVERSE.match(line)
        if m:
            addr, name = self.get(m.group(1)), None
            if addr == self.get("d_dhcp_ipaddr"):
                name = self.get("d_dhcp_hostname") or None
            if name is None and self.ptr.get(addr) is None:
                # The module's lookup finds nothing either.
                self.allowed = "iPXE cannot make reverse lookups."
            elif name is None:
                raise Unanswerable("%s: the module finds %s for %s"
                                   % (where, self.ptr[addr], addr))
            elif self.ptr.get(addr) != name:
                self.assumed.append("%s: DHCP's name %r for the PTR name "
                                    "%r of %s" % (where, name,
                                                  self.ptr.get(addr), addr))

    def run(self):
        pc, steps = 0, 0
        while pc < len(self.lines) and not self.done:
            steps += 1
            if steps > STEP_LIMIT:
                raise ModelError("more than %d lines run" % STEP_LIMIT)
            line = self.lines[pc].strip()
            where = "line %d" % (pc + 1)
            self.stand_in(line, where)
            pc += 1
            # The failure menu after the fetch rounds, and the stop menu:
            # where a run ends (the model takes neither).
            if line in (":failed", ":d_stopped"):
                self.result.action = "boot" if line == ":failed" else "stop"
                break
            if not line or line.startswith("#") or line.startswith(":"):
                continue
            rc = self.run_line(line, where)
            if self.jump is not None:
                pc, self.jump = self.jump, None
                continue
            if rc != 0 and not self.done:
                raise ModelError("%s: the line failed, which ends the "
                                 "script: %s" % (where, line))
        if self.answers:
            raise Unanswerable("%d answers left over" % len(self.answers))
        if self.result.action is None:
            raise ModelError("the script ended without booting or exiting")
        self.result.assumed = self.assumed
        return self.result


def run(text, settings, answers, cpu="amd64", ptr=None, fetch=None):
    """Run a script; returns a Result, raises Unanswerable or
    ModelError.  ptr: the PTR names the DNS gives, by address; fetch: what
    `chain URL` gets (script text, or None when the fetch fails)."""
    return Script(text, settings, answers, cpu, ptr, fetch).run()


def self_test():
    """iPXE's rules as the model reads them; raises AssertionError."""
    base = {"platform": "pcbios"}

    def ends(text, answers=()):
        try:
            return run(text, base, list(answers)).action
        except ModelError:
            return "error"
        except Unanswerable:
            return "unanswerable"
    # && runs on success, || on failure; a skipped command keeps the rc
    assert ends("iseq a b && goto x || exit\n:x\nsanboot\nexit\n") == "prompt"
    assert ends("iseq a a && goto x || exit\n:x\nsanboot\nexit\n") == "local"
    # a trailing || makes the line succeed; a failing line ends the script
    assert ends("iseq a b ||\nexit\n") == "prompt"
    assert ends("iseq a b\nexit\n") == "error"
    # an empty expansion is an empty argument: iseq compares it
    assert ends("iseq ${x} a || exit\nsanboot\nexit\n") == "prompt"
    assert ends("iseq ${x} ${y} && exit ||\nsanboot\nexit\n") == "prompt"
    # separators are found before expansion: a value cannot add one
    assert ends("set x a || sanboot\niseq ${x} a || exit\nexit\n") == \
        "prompt"
    # a typed read refuses what is not an address
    assert ends("read x:ipv4 || exit\nsanboot\nexit\n", ["nope"]) == \
        "unanswerable"
    assert ends("read x:ipv4 || exit\nsanboot\nexit\n", ["10.0.0.1"]) == \
        "local"
    # choose: a key picks its item; Enter needs a default
    menu = "menu t\nitem --key y yes Yes\nitem --key n no No\n"
    assert ends(menu + "choose --default no x || exit\niseq ${x} yes && "
                "sanboot ||\nexit\n", ["y"]) == "local"
    assert ends(menu + "choose x || exit\nexit\n", [""]) == "unanswerable"
    assert ends(menu + "choose --default no x || exit\nexit\n", ["q"]) == \
        "unanswerable"
    assert ends("exit\n", ["left over"]) == "unanswerable"
