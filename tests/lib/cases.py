"""Test cases: one file per answer set, shared by the golden (host) tests
and the QEMU tests, so both check the same command line.

A case file (tests/cases/NAME.case) is a list of directives, one a line;
its first comment line says what the case checks.  The directives, with
what each means, are the table DIRECTIVES below (print them with
`python3 tests/lib/cases.py`).

Escapes in send/qemu-send/qemu-key: \\e (ESC), \\b (Backspace), \\xNN (the
byte NN in hex), \\\\ (backslash).
"""

import os
import re
import textwrap

import ipxe_model

TOP = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))

# The addresses each rig's DHCP server hands out.
RIG_DHCP = {
    "user": ("10.0.2.15", "255.255.255.0", "10.0.2.2"),
    "ns": ("10.99.0.50", "255.255.255.0", "10.99.0.1"),
}
# The namespace rig's name servers (the first is dead), and those of a
# case with dns-all-dead.
RIG_DNS = ["10.99.0.9", "10.99.0.1"]
RIG_DNS_DEAD = ["10.99.0.9", "10.99.0.8"]


class CaseError(Exception):
    pass


def unescape(text):
    """A case's typed text as bytes: \\e Esc, \\b Backspace, \\\\, \\xHH,
    \\{C*N} N times the character C."""
    out = bytearray()
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            n = text[i + 1]
            if n == "e":
                out.append(0x1b)
            elif n == "b":
                out.append(0x08)
            elif n == "\\":
                out.append(0x5c)
            elif n == "x" and i + 3 < len(text):
                out.append(int(text[i + 2:i + 4], 16))
                i += 2
            elif n == "{":
                # \{C*N}: N times the character C
                m = re.match(r"\\\{(.)\*([0-9]+)\}", text[i:])
                if not m:
                    raise CaseError("bad repeat %r: \\{C*N}" % text[i:])
                out += m.group(1).encode() * int(m.group(2))
                i += m.end() - 2
            else:
                raise CaseError("bad escape \\" + n)
            i += 2
            continue
        out += c.encode()
        i += 1
    return bytes(out)


# How a directive's value is taken: each returns a function
# (case, value, where) that checks it and stores it.
def one_of(attr, *values):
    def take(case, val, where):
        if val not in values:
            raise CaseError("%s: the value is %s" % (where,
                                                     " or ".join(values)))
        setattr(case, attr, val)
    return take


def flag(attr, word):
    def take(case, val, where):
        if val != word:
            raise CaseError("%s: the only value is %r" % (where, word))
        setattr(case, attr, True)
    return take


def text(attr, convert=str):
    def take(case, val, where):
        try:
            setattr(case, attr, convert(val))
        except ValueError:
            raise CaseError("%s: bad value %r" % (where, val))
    return take


def append(attr, convert):
    def take(case, val, where):
        getattr(case, attr).append(convert(val))
    return take


def extend_words(attr):
    def take(case, val, where):
        getattr(case, attr).extend(val.split())
    return take


def key_line(name):
    """The base64 line of a test key's public key file (tests/signify/)."""
    with open(os.path.join(TOP, "tests", "signify", name)) as f:
        return f.read().splitlines()[1]


def module_args(case, val, where):
    """The module's arguments; key=@FILE@ is the key line of
    tests/signify/FILE (key=@a.pub@)."""
    for word in val.split():
        m = re.match(r"key=@([a-z]+\.pub)@$", word)
        if m:
            try:
                word = "key=" + key_line(m.group(1))
            except OSError as e:
                raise CaseError("%s: %s" % (where, e))
        case.args.append(word)


def send_repeat(case, val, where):
    char, _, count = val.partition(" ")
    if len(char) != 1 or not count.isdigit():
        raise CaseError("%s: send-repeat: CHAR COUNT" % where)
    case.sends.append(char.encode() * int(count))


# The directives: name, its words, what it means, how it is taken.  This
# table is the list: the parser and the help text both read it.
DIRECTIVES = [
    ("rig", "user | ns",
     "QEMU user networking, or dnsmasq in a namespace",
     one_of("rig", *RIG_DHCP)),
    ("args", "WORD...", "the module's arguments (presets, auto, menu=, "
     "key=; key=@a.pub@ is test key A of tests/signify)", module_args),
    ("dhcp-hostname", "NAME", "host name handed out by DHCP",
     text("dhcp_hostname")),
    ("dns", "NAME=ADDR", "an A and PTR record in the rig's DNS",
     append("dns", lambda v: tuple(v.partition("=")[::2]))),
    ("boot-prompt", "yes", "type the module at PXELINUX's boot: prompt",
     text("boot_prompt", lambda v: v == "yes")),
    ("send", "TEXT", 'one line typed at the dialog ("" = Enter)',
     append("sends", unescape)),
    ("send-repeat", "C N", "one line of N times the character C",
     send_repeat),
    ("qemu-wait", "TEXT", "QEMU only: wait for TEXT in the output",
     append("qemu_steps", lambda v: ("wait", v))),
    ("qemu-send", "TEXT", "QEMU only: type TEXT after the last qemu-wait",
     append("qemu_steps", lambda v: ("send", unescape(v) + b"\r"))),
    ("qemu-key", "TEXT", "QEMU only: type TEXT without Enter",
     append("qemu_steps", lambda v: ("send", unescape(v)))),
    ("qemu-pace", "SECONDS",
     "QEMU only: type the send lines one key every SECONDS (a person "
     "slower than an idle limit in total, never between two keys)",
     text("qemu_pace", float)),
    ("qemu-end", "TEXT",
     "QEMU only: the run ends when TEXT appears (default: the stage2 "
     "prints its command line)", text("qemu_end")),
    ("host-args", "WORD...", "host tool only: extra options",
     extend_words("host_args")),
    ("bootfile", "FILE", "QEMU only: the DHCP boot file (pxelinux.0)",
     text("bootfile")),
    ("http", "yes",
     "QEMU only: serve the TFTP root over HTTP at 10.0.2.100 (user) or "
     "10.99.0.1 (ns)", text("http", lambda v: v == "yes")),
    ("golden", "NAME",
     "QEMU only: expect the result of case NAME (for what only the module "
     "does: loading menu files)", text("golden")),
    ("same-cmdline", "NAME",
     "the command line must equal case NAME's (one answer set, two boot "
     "paths)", text("same_cmdline")),
    ("dhcp-exchanges", "N",
     "ns rig: dnsmasq must ACK exactly N DHCP exchanges",
     text("dhcp_exchanges", int)),
    ("dhcp-none-after", "FILE",
     "ns rig: no DHCP exchange after the TFTP server sent FILE (a path "
     "relative to the root)", text("dhcp_none_after")),
    ("timeout", "SECONDS",
     "QEMU only: the guest's hard timeout, when a case needs more than "
     "the default 240 s", text("timeout", int)),
    ("secure-boot", "yes",
     "QEMU only, firmware ovmf: Secure Boot enforced (OVMF's secboot "
     "build, Microsoft's keys enrolled, q35 with SMM)",
     flag("secure_boot", "yes")),
    ("stage1", "pxelinux | ipxe | embed | service | embed-service | grub",
     "QEMU only: ipxe: no PXELINUX, the NIC's iPXE ROM runs the generated "
     "script (http://.../debathena.ipxe) with SeaBIOS's serial console, in "
     "the ns rig the boot file from ipxe/dnsmasq.conf; embed: "
     "ipxe/embed.ipxe run by ipxe.lkrn (PXELINUX label), chaining the "
     "generated script; service (ns rig): iPXE runs service.ipxe and the "
     "dialog service (the CGI under busybox httpd, as make "
     "install-service writes it; the tag:ipxe rule of ipxe/dnsmasq.conf "
     "pointed at service.ipxe, as doc/ipxe.md says); embed-service: "
     "embed.ipxe with db-url naming service.ipxe, as the file says; grub "
     "(ns rig, UEFI): grub/ DHCP file as shipped: Debian's signed shim "
     "and GRUB, grub/grub.cfg asking the dialog service; each send is "
     "typed a key at a time, its Enter as Tab where the screen says Tab "
     "is Enter, else left out (a menu's key goes at once))",
     one_of("stage1", "pxelinux", "ipxe", "embed", "service",
            "embed-service", "grub")),
    ("ipxe-script", "PATH",
     "stage1 ipxe: the script iPXE fetches instead of debathena.ipxe "
     "(tests/NAME.ipxe: tests/menus/NAME.menu compiled by debathena-menu "
     "ipxe)", text("ipxe_script")),
    ("service-fault", "dead | stall-once",
     "stage1 service: the service answers every request with 503 (dead), "
     "or sends nothing for 40 s to the first answer (stall-once), "
     "tests/qemu/service-fault", one_of("service_fault", "dead",
                                          "stall-once")),
    ("pxechn", "undionly.kkpxe | undionly.kpxe",
     "stage1 service, BIOS: PXELINUX (the module's DHCP rules) boots the "
     "label scripts/pxechn-label writes (ipxe/pxechn.cfg), pxechn.c32 "
     "running this iPXE on "
     "PXELINUX's lease with the boot file service.ipxe",
     one_of("pxechn", "undionly.kkpxe", "undionly.kpxe")),
    ("syslog", "yes",
     "ns rig: rsyslogd listens on 10.99.0.1:514 (UDP); the case's "
     "syslog-line checks what it received", flag("syslog", "yes")),
    ("syslog-line", "TEXT",
     "ns rig with syslog: a message received holds TEXT (all of a "
     "case's syslog-line texts in one message, in order)",
     append("syslog_lines", str)),
    ("module", "keyed",
     "QEMU only: the label runs debathena-keyed.c32, the module as make "
     "KEYS= builds it with test keys A and B (the Makefile's "
     "KEYED_MODULES)", one_of("module", "keyed")),
    ("host-only", "yes",
     "golden tests only, never booted in QEMU (a menu whose installer the "
     "rig does not have: its command line is what is checked)",
     flag("host_only", "yes")),
    ("installer", "debian",
     "QEMU only, ns rig with http: the stage2 is Debian 12's real netboot "
     "installer (menus/debian.menu's net-install/bookworm/amd64/), whose "
     "preseed (tests/qemu/installer.preseed, from "
     "http://10.99.0.1/cgi-bin/installer/preseed) reports what it "
     "configured and powers off; the run ends there",
     one_of("installer", "debian")),
    ("installer-report", "NAME=VALUE",
     "installer: the installer's report has NAME=VALUE (hostname, domain, "
     "nameservers, addresses, gateway: lists joined by commas; from: the "
     "report's source address; preseed-from: the preseed request's)",
     append("installer_report", lambda v: tuple(v.partition("=")[::2]))),
    ("firmware", "seabios | ovmf",
     "UEFI (OVMF, syslinux.efi, the efi64 module) or BIOS",
     one_of("firmware", "seabios", "ovmf")),
    ("nic", "e1000 | virtio",
     "QEMU only: virtio is a NIC without QEMU's iPXE ROM, so OVMF's own "
     "PXE boots (default e1000: iPXE ROM)", one_of("nic", "e1000", "virtio")),
    ("sercon", "yes",
     "QEMU only: SeaBIOS's serial console, so that what a chained "
     "ipxe.lkrn prints is seen", flag("sercon", "yes")),
    ("dns-dead", "all",
     "ns rig: every DNS server DHCP hands out is dead (default: only the "
     "first)", flag("dns_all_dead", "all")),
    ("ipv6-router", "none",
     "ns rig: an IPv4-only link, where Debian's iPXE spends about 16 s in "
     "IPv6 router discovery each time it starts (default: radvd in the "
     "namespace advertises a router without prefix or default route, as "
     "on a LAN with IPv6 routers)", flag("ipv4_only", "none")),
    ("dhcp-server", "dnsmasq | dhcpd | kea",
     "ns rig: dnsmasq (default), dhcpd (ISC, TFTP from dnsmasq with DHCP "
     "off) or kea (TFTP from tftpd-hpa), run with the site's file for the "
     "stage1: menus/ or ipxe/ dnsmasq.conf, dhcpd.conf, kea-dhcp4.conf",
     one_of("dhcp_server", "dnsmasq", "dhcpd", "kea")),
    ("label", "shipped",
     "QEMU only: no per-client pxelinux.cfg file: pxelinux.cfg/default as "
     "make install wrote it; \"debathena\" is typed at its boot: prompt",
     flag("shipped_label", "shipped")),
    ("autoexec", "debathena.ipxe | service.ipxe",
     "QEMU only: the TFTP root also has autoexec.ipxe, ipxe/embed.ipxe "
     "with db-url naming that script on the rig's server, as doc/ipxe.md "
     "says for Debian 13's iPXE (a root of the case's own: hard links to "
     "the case's ipxe-release root)",
     one_of("autoexec", "debathena.ipxe", "service.ipxe")),
    ("ipxe-release", "bookworm | trixie",
     "QEMU only: the TFTP root's iPXE files, and the signed shim and GRUB "
     "in its grub/, are Debian 12's (default: make install IPXE=bookworm "
     "SECUREBOOT=bookworm) or Debian 13's (plain make install, its "
     "default)", one_of("ipxe_release", "bookworm", "trixie")),
    ("uefi-ipxe", "snponly.efi | ipxe.efi",
     "ns rig, stage1 ipxe: the iPXE that ipxe/dnsmasq.conf hands UEFI "
     "clients (default as shipped, snponly.efi; or ipxe.efi)",
     one_of("uefi_ipxe", "snponly.efi", "ipxe.efi")),
]
DIRECTIVE = {d[0]: d for d in DIRECTIVES}


def directives_help():
    """The directives as a list for people (python3 tests/lib/cases.py)."""
    lines = []
    for name, words, what, _ in DIRECTIVES:
        head = "    %s: %s" % (name, words)
        body = textwrap.wrap(what, 78 - 28, break_on_hyphens=False)
        if len(head) > 27:
            lines.append(head)
            head = ""
        lines.append("%-28s%s" % (head, body[0]))
        lines += ["%28s%s" % ("", b) for b in body[1:]]
    return "\n".join(lines)


class Case:
    def __init__(self, path, name=None):
        """A case read from path; with name instead, the defaults only
        (the parity table fills in the rest)."""
        self.path = path
        self.name = name or os.path.basename(path)[:-len(".case")]
        self.title = ""
        self.rig = "user"
        self.args = []
        self.host_args = []
        self.dhcp_hostname = None
        self.dns = []
        self.boot_prompt = False
        self.sends = []      # typed lines, as bytes
        self.qemu_steps = []  # ("wait", text) / ("send", bytes)
        self.qemu_end = None
        self.qemu_pace = None
        self.bootfile = "pxelinux.0"
        self.http = False
        self.golden = None
        self.same_cmdline = None
        self.stage1 = "pxelinux"
        self.secure_boot = False
        self.firmware = "seabios"
        self.nic = "e1000"
        self.uefi_ipxe = None
        self.ipxe_release = "bookworm"
        self.autoexec = None
        self.dhcp_exchanges = None
        self.dhcp_none_after = None
        self.sercon = False
        self.dns_all_dead = False
        self.dhcp_server = "dnsmasq"
        self.ipv4_only = False
        self.shipped_label = False
        self.service_fault = None
        self.ipxe_script = None
        self.pxechn = None
        self.syslog = False
        self.module = None
        self.syslog_lines = []
        self.installer = None
        self.host_only = False
        self.installer_report = []
        self.timeout = None  # seconds, if not run-all's TIMEOUT
        if name:
            return
        with open(path) as f:
            for lineno, line in enumerate(f, 1):
                self._line(line.rstrip("\n"), lineno)

    def _line(self, line, lineno):
        where = "%s:%d" % (self.path, lineno)
        if not line.strip():
            return
        if line.startswith("#"):
            if not self.title:
                self.title = line[1:].strip()
            return
        m = re.match(r"([a-z0-9-]+):(?: (.*))?$", line)
        if not m or m.group(1) not in DIRECTIVE:
            raise CaseError("%s: unknown directive %r" % (where, line))
        DIRECTIVE[m.group(1)][3](self, m.group(2) or "", where)

    def name_servers(self):
        """The lease's name servers in the namespace rig, and which of
        them are dead."""
        if self.dns_all_dead:
            return RIG_DNS_DEAD, RIG_DNS_DEAD
        return RIG_DNS, RIG_DNS[:1]

    def loader(self):
        """The boot loader the case's stage2 is loaded under (the host
        tool's --loader): iPXE for an iPXE stage1, else PXELINUX's."""
        if self.stage1 != "pxelinux":
            return "ipxe"
        if self.firmware == "ovmf":
            return "syslinux.efi"
        return "lpxelinux.0" if self.bootfile == "lpxelinux.0" \
            else "pxelinux.0"

    def host_command(self, tool, menu, name_servers=False):
        """The host tool's command line for this case; name_servers: with
        the rig's name servers as the lease hands them out, dead ones
        included (for a transcript: each dead server is said)."""
        ip, mask, gw = RIG_DHCP[self.rig]
        cmd = [tool, "run", "--dhcp", "%s/%s/%s" % (ip, mask, gw)]
        # The rig's boot server is its gateway; the plan printed is the
        # one of the loader the case boots under.
        cmd += ["--next-server", gw, "--loader", self.loader()]
        if self.rig == "ns" or name_servers:
            # The lease's name servers (a menu may hand them over).
            servers, dead = self.name_servers()
            cmd += ["--dhcp-dns", ",".join(servers)]
            if name_servers:
                for addr in dead:
                    cmd += ["--dead-dns", addr]
        if self.dhcp_hostname:
            cmd += ["--dhcp-hostname", self.dhcp_hostname]
        for name, addr in self.dns:
            cmd += ["--dns", "%s=%s" % (name, addr)]
        cmd += self.host_args
        presets = []
        for a in self.args:
            if a == "auto":
                cmd.append("--auto")
            elif a.startswith("menu=tests/"):
                # The QEMU rig serves tests/menus/ as tests/.
                menu = os.path.join(TOP, "tests", "menus", a[11:])
            elif a.startswith("menu="):
                menu = os.path.join(os.path.dirname(menu), a[5:])
            elif a.startswith("key="):
                pass  # the host tool's run checks no signature
            else:
                presets.append(a)
        return cmd + [menu] + presets

    def host_input(self):
        return b"".join(s + b"\n" for s in self.sends)


def load_all(directory):
    return [Case(os.path.join(directory, f))
            for f in sorted(os.listdir(directory)) if f.endswith(".case")]


class ParityError(CaseError):
    pass


def load_parity(path):
    """The parity table (tests/parity/table): one case per answer set and
    boot path, named parity-SET-PATH.  Each case's typing follows its
    path's stage1; case.parity is the set's name and case.host_lines the
    answers as the host tool reads them."""
    paths, sets, cur = [], [], None
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            where = "%s:%d" % (path, lineno)
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            word, _, rest = line.partition(" ")
            if word == "path":
                p = rest.split()
                if len(p) < 4 or p[1] not in ("seabios", "ovmf") or \
                        p[2] not in ("e1000", "virtio") or \
                        p[3] not in ("module", "ipxe", "service", "grub"):
                    raise ParityError("%s: path NAME seabios|ovmf "
                                      "e1000|virtio module|ipxe|service|"
                                      "grub [ARGS]" % where)
                paths.append(p)
            elif word == "set":
                cur = {"name": rest.strip(), "dns": [], "host": None,
                       "steps": [], "paths": None, "where": where,
                       "timeout": None}
                sets.append(cur)
            elif cur is None:
                raise ParityError("%s: %r before the first set" %
                                  (where, word))
            elif word == "paths":
                cur["paths"] = rest.split()
            elif word == "timeout":
                if not rest.strip().isdigit():
                    raise ParityError("%s: timeout SECONDS" % where)
                cur["timeout"] = int(rest)
            elif word == "dhcp-hostname":
                cur["host"] = rest.strip()
            elif word == "dns":
                name, _, addr = rest.strip().partition("=")
                cur["dns"].append((name, addr))
            elif word in ("key", "line"):
                only = None
                m = re.match(r"\[(module|ipxe)\] (.*)$", rest)
                if m:
                    only, rest = m.group(1), m.group(2)
                prompt, sep, answer = rest.partition("=>")
                if not sep or not prompt.strip():
                    raise ParityError("%s: %s [module|ipxe] PROMPT => "
                                      "ANSWER" % (where, word))
                cur["steps"].append((word, only, prompt.strip(),
                                     unescape(answer.strip())))
            else:
                raise ParityError("%s: unknown line %r" % (where, line))
    out = []
    names = [p[0] for p in paths]
    for s in sets:
        unknown = set(s["paths"] or ()) - set(names)
        if unknown:
            raise ParityError("%s: set %s: no path %s" % (
                s["where"], s["name"], " ".join(sorted(unknown))))
        for name, firmware, nic, stage1, *args in paths:
            if s["paths"] is not None and name not in s["paths"]:
                continue
            release = "bookworm"
            if args and args[0] in ("bookworm", "trixie"):
                release, args = args[0], args[1:]
            c = Case(path, "parity-%s-%s" % (s["name"], name))
            c.title = "parity: answer set %s on %s" % (s["name"], name)
            c.rig, c.args, c.http = "ns", list(args), True
            c.dhcp_hostname, c.dns = s["host"], list(s["dns"])
            c.stage1 = {"ipxe": "ipxe", "service": "service",
                        "grub": "grub"}.get(stage1, "pxelinux")
            c.secure_boot = stage1 == "grub"
            c.firmware, c.nic = firmware, nic
            c.ipxe_release = release
            # The dialog service asks what the module asks, as lines.
            asks = "module" if stage1 in ("service", "grub") else stage1
            for kind, only, prompt, answer in s["steps"]:
                if only and only != asks:
                    continue
                # A menu keeps drawing after its title; a line question
                # is the last thing on the screen.
                c.qemu_steps.append(("wait" if kind == "key" else "prompt",
                                     prompt))
                if kind == "key" and asks == "ipxe":
                    c.qemu_steps.append(("send", answer))
                else:
                    c.qemu_steps.append(("send", answer + b"\r"))
            c.parity = s["name"]
            c.timeout = s["timeout"]
            # dnsmasq answers "no such name" for a name it has no record
            # of, as a site's DNS does (else it refuses: nothing to
            # forward to).
            c.dns_local = True
            c.host_lines = b"".join(a + b"\n"
                                    for _, only, _, a in s["steps"]
                                    if only != "ipxe")
            if stage1 == "service":
                # What the service gets is what iPXE's read took.
                c.host_lines = b"".join(ipxe_model.typed(a, release) +
                                        b"\n"
                                        for _, only, _, a in s["steps"]
                                        if only != "ipxe")
            c.ipxe_lines = [a for _, only, _, a in s["steps"]
                            if only != "module"]
            out.append(c)
    return out


if __name__ == "__main__":
    print(directives_help())
