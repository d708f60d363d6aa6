"""Booting QEMU PXE clients for the tests, the demo and the benchmark.

Two rigs: QEMU's user networking (its own DHCP and TFTP, restrict=on), and
a real dnsmasq (DHCP, TFTP, DNS) in a network namespace of our own, where
the first DNS server handed out is dead on purpose.  Every run has a hard
timeout; its serial log is kept under build/tests/logs/.
"""

import os
import re
import select
import shutil
import subprocess
import time

TOP = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.join(TOP, "build")
TESTS = os.path.join(BUILD, "tests")
TFTP = os.path.join(TESTS, "tftp")
# The same root with Debian 13's iPXE, as plain make install writes it
# (the default, IPXE=trixie) over a copy: the cases that say
# ipxe-release: trixie boot from it.
TFTP_TRIXIE = os.path.join(TESTS, "tftp-trixie")
IPXE_RELEASES = {"bookworm": TFTP, "trixie": TFTP_TRIXIE}
SERVICE_ROOT = os.path.join(TESTS, "http-service")  # make install-service
LOGS = os.path.join(TESTS, "logs")
CONF = os.path.join(TESTS, "conf")
DI = "/usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64"
STAGE2_KERNEL = os.path.join(DI, "linux")
STAGE2_INITRD = os.path.join(TESTS, "stage2.gz")
HOST_TOOL = os.path.join(BUILD, "host", "debathena-menu")
NS_NET = "10.99.0"
DEAD_DNS = NS_NET + ".9"
DEAD_DNS2 = NS_NET + ".8"
CSI = re.compile(rb"\x1b\[([0-9;:?=]*)([A-Za-z])")
CUP = re.compile(rb"([0-9]*)(?:;([0-9]*))?$")


class Screen:
    """Turns a terminal stream into plain text lines.  OVMF draws its
    console on the serial line with cursor positioning (ESC[row;colH)
    instead of line feeds: a move to another row becomes a line break, a
    move right on the same row becomes spaces, so text compares exactly
    as it reads on the screen (a move that follows a line feed, as when
    the screen scrolls, adds no second break; a move down one row from
    the start of a line, after a move, is an empty line).  Colours and other sequences are dropped;
    carriage returns too."""

    # A screen drawn with cursor moves wraps a full line with a line feed
    # (OVMF, 100 columns here) or CR LF (SeaBIOS's serial console, 80): a
    # line feed right after the last column is a wrap, not a break.
    WIDTHS = (80, 100)

    def __init__(self):
        self.row = None
        self.col = 1
        self.fresh = True   # at the start of a line
        self.cr_col = 1     # the column a carriage return left
        self.last = None    # the byte before
        self.pending = b""

    def feed(self, data):
        data = self.pending + data
        self.pending = b""
        out = []
        i = 0
        while i < len(data):
            c = data[i]
            if c == 0x1b:
                m = CSI.match(data, i)
                if not m:
                    if len(data) - i < 16 and (len(data) == i + 1 or
                                               data[i + 1] == 0x5b):
                        self.pending = data[i:]  # cut short: wait
                        break
                    i += 1
                    continue
                pos = CUP.match(m.group(1))
                if m.group(2) in (b"H", b"f") and pos:
                    row = int(pos.group(1) or 1)
                    col = int(pos.group(2) or 1)
                    if self.row is not None and row != self.row:
                        if not self.fresh:
                            out.append("\n")
                            self.fresh = True
                        elif row == self.row + 1 and self.last == 0x1b:
                            # Down one row from a fresh line by a move
                            # alone: that line stays empty.
                            out.append("\n")
                    elif self.row is not None and col > self.col:
                        out.append(" " * (col - self.col))
                    self.row, self.col = row, col
                i = m.end()
                self.last = 0x1b
                continue
            if c == 0x0d:
                self.cr_col = self.col
                self.col = 1
            elif c == 0x0a:
                end = self.cr_col if self.last == 0x0d else self.col
                if self.row is not None and end - 1 in self.WIDTHS:
                    self.col = 1  # the line wrapped: no break
                else:
                    out.append("\n")
                    self.fresh = True
            else:
                out.append(chr(c))
                self.fresh = False
                self.col += 1 if c != 0x08 else -1
            self.last = c
            i += 1
        return "".join(out)


class Failure(Exception):
    pass


# Set by stop_on_sigterm's handler: every wait then fails, so each guest's
# cleanup (QEMU, dnsmasq, httpd, the namespace) runs.
STOPPING = []


def stop_on_sigterm():
    """On SIGTERM, end the guests and clean up rather than die at once."""
    import signal
    signal.signal(signal.SIGTERM, lambda *a: STOPPING.append(True))


SERVICE_FAULTS = ("dead", "stall-once")


def service_root(fault=None):
    """What busybox httpd serves for the dialog service: the tree as make
    install-service wrote it, or a copy with a fault in front, or
    ("syslog") with the menu's syslog set to the rig's server."""
    return SERVICE_ROOT if fault is None else SERVICE_ROOT + "-" + fault


def put_file(src, dst):
    """Copy a file into the TFTP root, making its directory."""
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    shutil.copyfile(src, dst)


def run_make(*args, said=None):
    """make ARGS as a site runs it; it must succeed and, when said is
    given, say so (which iPXE make install chose)."""
    p = subprocess.run(["make", "--no-print-directory", "-s", "-C", TOP] +
                       list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=600)
    if p.returncode != 0 or (said and said.encode() not in p.stdout):
        raise Failure("make %s failed%s:\n%s" % (
            " ".join(args), " (no %r)" % said if said else "",
            p.stdout.decode()[-2000:]))


def make_tftp_root():
    """build/tests/tftp: what `make install` writes into an empty TFTP
    root, plus the stage2 trees where doc/deploying.md puts them
    (net-install/DISTRO/ARCH/), and the tests' own menus and faults.
    Nothing else: no link or copy that a site would not have."""
    if os.path.isdir(TFTP):
        shutil.rmtree(TFTP)
    os.makedirs(TFTP)
    run_make("install", "TFTPROOT=" + TFTP, "IPXE=bookworm",
             "SECUREBOOT=bookworm", said="iPXE: Debian 12's")
    # The dialog service, as make install-service writes it.
    if os.path.isdir(SERVICE_ROOT):
        shutil.rmtree(SERVICE_ROOT)
    run_make("install-service", "HTTPROOT=" + SERVICE_ROOT)
    # The service's tree with a fault in front of the service
    # (tests/qemu/service-fault), one per fault.
    for fault in SERVICE_FAULTS:
        root = service_root(fault)
        if os.path.isdir(root):
            shutil.rmtree(root)
        shutil.copytree(SERVICE_ROOT, root)
        cgi = os.path.join(root, "cgi-bin")
        os.rename(os.path.join(cgi, "debathena"),
                  os.path.join(cgi, "debathena.real"))
        shutil.copy(os.path.join(TOP, "tests", "qemu", "service-fault"),
                    os.path.join(cgi, "debathena"))
        with open(os.path.join(cgi, "fault-mode"), "w") as f:
            f.write(fault + "\n")
    # The service's tree as a site that wants boot reports has it: the
    # shipped menu with a default for its variable syslog.
    root = service_root("syslog")
    if os.path.isdir(root):
        shutil.rmtree(root)
    shutil.copytree(SERVICE_ROOT, root)
    menu = os.path.join(root, "cgi-bin", "debathena.menu")
    with open(menu) as f:
        text = f.read()
    if "\nvar syslog       ipv4list\n" not in text:
        raise Failure("the shipped menu has no variable syslog")
    with open(menu, "w") as f:
        f.write(text.replace("\nvar syslog       ipv4list\n",
                             "\nvar syslog       ipv4list = %s.1\n" % NS_NET))
    # The service's tree as a site that installs Debian has it
    # (doc/installers.md): menus/debian.menu as its menu, with the site's
    # values at its top set (the preseed on the rig's server, the
    # installer's console on the serial line), and the rig's preseed
    # server beside the service.
    root = service_root("debian")
    if os.path.isdir(root):
        shutil.rmtree(root)
    shutil.copytree(SERVICE_ROOT, root)
    with open(os.path.join(TOP, "menus", "debian.menu")) as f:
        text = f.read()
    for old, new in (
            ("\nvar preseed      url = http://192.0.2.1/d-i/preseed.cfg\n",
             "\nvar preseed      url = http://%s.1/cgi-bin/installer/preseed\n"
             % NS_NET),
            ("\nvar kargs        args\n",
             "\nvar kargs        args = console=ttyS0,115200\n")):
        if old not in text:
            raise Failure("menus/debian.menu has no %r" % old.strip())
        text = text.replace(old, new)
    with open(os.path.join(root, "cgi-bin", "debathena.menu"), "w") as f:
        f.write(text)
    install_installer_cgi(os.path.join(root, "cgi-bin"))
    # The stage2 trees, copied as a site copies them (the TFTP server
    # serves no link to a file outside its root).  "big": the
    # installer's real 40 MB initrd, for the benchmark.
    for distro in ("precise", "trusty", "big"):
        for arch in ("amd64", "i386"):
            d = os.path.join(TFTP, "net-install", distro, arch)
            initrd = (os.path.join(DI, "initrd.gz") if distro == "big"
                      else STAGE2_INITRD)
            put_file(STAGE2_KERNEL, os.path.join(d, "linux"))
            put_file(initrd, os.path.join(d, "initrd.gz"))
    # A mirror whose initrd was changed after the manifest was written:
    # the installer's own initrd with bytes appended (it would still boot).
    bad = os.path.join(TFTP, "mirror-bad", "trusty", "amd64")
    put_file(STAGE2_KERNEL, os.path.join(bad, "linux"))
    with open(STAGE2_INITRD, "rb") as f:
        tampered = f.read() + b"\0tampered"
    with open(os.path.join(bad, "initrd.gz"), "wb") as f:
        f.write(tampered)
    # Debian 12's real netboot installer where doc/installers.md puts it
    # for menus/debian.menu, and what the real-installer cases' HTTP
    # server answers it (tests/qemu/installer-cgi).
    for name in ("linux", "initrd.gz"):
        put_file(os.path.join(DI, name),
                 os.path.join(TFTP, "net-install", "bookworm", "amd64", name))
    # A kernel without its initrd.
    put_file(STAGE2_KERNEL, os.path.join(TFTP, "net-install", "noinitrd",
                                         "amd64", "linux"))
    # HTTP faults, served by busybox httpd's CGI: /cgi-bin/fault/500/...
    # answers 500, /cgi-bin/fault/truncated/... ends its body early.
    cgi = os.path.join(TFTP, "cgi-bin")
    os.makedirs(cgi, exist_ok=True)
    shutil.copy(os.path.join(TOP, "tests", "qemu", "http-fault"),
                os.path.join(cgi, "fault"))
    os.chmod(os.path.join(cgi, "fault"), 0o755)
    install_installer_cgi(cgi)
    # Menus that only the QEMU tests load (menu=tests/NAME.menu), and the
    # stage2 tree's manifest as the host tool writes it.
    tests_dir = os.path.join(TFTP, "tests")
    os.makedirs(tests_dir, exist_ok=True)
    manifest = subprocess.run(
        [HOST_TOOL, "manifest", os.path.join(TFTP, "net-install")],
        stdout=subprocess.PIPE, check=True, timeout=120).stdout
    with open(os.path.join(tests_dir, "stage2.sha256"), "wb") as f:
        f.write(manifest)
    pins = {}
    for line in manifest.decode().splitlines():
        digest, name = line.split("  ", 1)
        pins[name] = digest
    menus = os.path.join(TOP, "tests", "menus")
    for name in os.listdir(menus):
        if os.path.isfile(os.path.join(menus, name)):
            with open(os.path.join(menus, name)) as f:
                text = f.read()
            # "@sha256:" PATH "@" becomes the digest the manifest has for
            # PATH.
            text = re.sub(r"@sha256:([^@]+)@", lambda m: pins[m.group(1)],
                          text)
            with open(os.path.join(tests_dir, name), "w") as f:
                f.write(text)
    # Each of those that iPXE can run, compiled as the iPXE stage1 is
    # (tests/NAME.ipxe, for the ipxe-script cases).
    for name in os.listdir(menus):
        if name.endswith(".menu"):
            p = subprocess.run([HOST_TOOL, "ipxe", os.path.join(tests_dir,
                                                                name)],
                               stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, timeout=60)
            if p.returncode == 0:
                with open(os.path.join(tests_dir, name[:-5] + ".ipxe"),
                          "wb") as f:
                    f.write(p.stdout)
    sign_test_files(tests_dir)
    # The module as make KEYS= builds it, with test keys A and B
    # (Makefile: KEYED_MODULES), beside each loader's own (PXELINUX
    # did not load it from a subdirectory: "Failed to load COM32 file").
    put_file(os.path.join(BUILD, "keyed", "bios", "debathena.c32"),
             os.path.join(TFTP, "debathena-keyed.c32"))
    put_file(os.path.join(BUILD, "keyed", "efi64", "debathena.c32"),
             os.path.join(TFTP, "efi64", "debathena-keyed.c32"))
    # The same tree, then make install as a site runs it (its default:
    # Debian 13's iPXE) over it.
    if os.path.isdir(TFTP_TRIXIE):
        shutil.rmtree(TFTP_TRIXIE)
    shutil.copytree(TFTP, TFTP_TRIXIE, symlinks=True)
    run_make("install", "TFTPROOT=" + TFTP_TRIXIE, said="iPXE: Debian 13's")
    os.makedirs(LOGS, exist_ok=True)


def install_installer_cgi(cgi):
    """The real installer's preseed server (tests/qemu/installer-cgi) in
    a cgi-bin directory, as /cgi-bin/installer."""
    shutil.copy(os.path.join(TOP, "tests", "qemu", "installer-cgi"),
                os.path.join(cgi, "installer"))
    os.chmod(os.path.join(cgi, "installer"), 0o755)
    shutil.copy(os.path.join(TOP, "tests", "qemu", "installer.preseed"),
                os.path.join(cgi, "installer.preseed"))


def signify(key, path):
    """Sign a file as the stage2 team would: Debian's signify-openbsd with
    a test key's secret key (tests/signify/KEY.sec), to path.sig."""
    subprocess.run(["signify-openbsd", "-S", "-s",
                    os.path.join(TOP, "tests", "signify", key + ".sec"),
                    "-m", path, "-x", path + ".sig"],
                   check=True, timeout=30, stdout=subprocess.DEVNULL)


def sign_test_files(tests_dir):
    """The signed menus and manifests the signature cases load: signed.menu
    and its manifest by key A; rotated.menu and stage2-b.sha256 by key B;
    then the faults: a menu changed after signing, one signed by key C
    (which no case trusts), one with no .sig."""
    at = lambda name: os.path.join(tests_dir, name)
    shutil.copyfile(at("stage2.sha256"), at("stage2-b.sha256"))
    for key, name in (("a", "signed.menu"), ("a", "stage2.sha256"),
                      ("b", "rotated.menu"), ("b", "stage2-b.sha256")):
        signify(key, at(name))
    shutil.copyfile(at("signed.menu"), at("tampered.menu"))
    signify("a", at("tampered.menu"))
    with open(at("tampered.menu"), "a") as f:
        f.write("cmdline tampered=1\n")
    shutil.copyfile(at("signed.menu"), at("unknown.menu"))
    signify("c", at("unknown.menu"))
    shutil.copyfile(at("signed.menu"), at("unsigned.menu"))


# The site files (menus/dnsmasq.conf, ipxe/*) with their example names and
# addresses replaced by the namespace rig's.
SITE = [("192.0.2.1", NS_NET + ".1"),
        ("debathena-boot.example.edu", "stage2.test"),
        ("192.0.2.53", DEAD_DNS), ("192.0.2.54", NS_NET + ".1")]


def site_file(name, replace=(), tag=None, where=None):
    """A site file of the tree (ipxe/dnsmasq.conf), as the rig runs it:
    the example addresses (192.0.2.0/24) replaced by the rig's, and
    further (old, new) replacements.  Written as NAME-TAG under where
    (default build/tests/conf: a server's configuration has no place in
    the TFTP root), path returned."""
    with open(os.path.join(TOP, name)) as f:
        text = f.read()
    for old, new in SITE + list(replace) + [("192.0.2.", NS_NET + ".")]:
        text = text.replace(old, new)
    if tag is None:
        tag = "".join("-" + new for _, new in replace)
    elif tag:
        tag = "-" + tag
    where = where or CONF
    os.makedirs(where, exist_ok=True)
    path = os.path.join(where, name.replace("/", "-") + tag)
    with open(path, "w") as f:
        f.write(text)
    return path


# What each DHCP server logs once per exchange (its ACK).
DHCP_ACK = {"dnsmasq": "DHCPACK(", "dhcpd": "DHCPACK on ",
            "kea": "DHCP4_LEASE_ALLOC"}


def autoexec_root(name, base, script):
    """A TFTP root for one case: base (hard links: nothing copied) with
    autoexec.ipxe at its top, made from ipxe/embed.ipxe as doc/ipxe.md
    tells a site with Debian 13's iPXE to make it: db-url naming script
    (debathena.ipxe or service.ipxe) on the rig's server."""
    root = os.path.join(TESTS, "tftp-" + name)
    if os.path.isdir(root):
        shutil.rmtree(root)
    shutil.copytree(base, root, symlinks=True, copy_function=os.link)
    path = site_file("ipxe/embed.ipxe",
                     [("http://stage2.test/debathena.ipxe",
                       "http://%s.1/%s" % (NS_NET, script))],
                     tag="", where=root)
    os.rename(path, os.path.join(root, "autoexec.ipxe"))
    return root


def mac_for(index):
    return "52:54:00:db:%02x:%02x" % (index // 256, index % 256)


def write_config(mac, append, prompt=False, root=TFTP,
                 module="debathena.c32"):
    """A pxelinux.cfg file for one client, chosen by its MAC address;
    module: the COM32 module's path (relative to the loader's directory:
    the TFTP root, efi64/ for syslinux.efi)."""
    path = os.path.join(root, "pxelinux.cfg",
                        "01-" + mac.replace(":", "-"))
    with open(path, "w") as f:
        f.write("SERIAL 0 115200\n")
        f.write("PROMPT %d\nTIMEOUT 0\n" % (1 if prompt else 0))
        if not prompt:
            f.write("DEFAULT debathena\n")
        f.write("LABEL debathena\n\tCOM32 %s\n" % module)
        if append:
            f.write("\tAPPEND %s\n" % " ".join(append))
    return path


# The site's DHCP configuration files (in menus/ and ipxe/), by server.
DHCP_CONF = {"dnsmasq": "dnsmasq.conf", "dhcpd": "dhcpd.conf",
             "kea": "kea-dhcp4.conf"}


def dhcp_site_file(server, kind, tag, replace=()):
    """The site's file for a DHCP server (kind: menus or ipxe) as the rig
    runs it: Kea's example interface and lease file are the site's too."""
    extra = list(replace)
    if server == "kea":
        extra += [('"eth0"', '"tap0"'),
                  ("/var/lib/kea/kea-leases4.csv",
                   os.path.join(LOGS, tag + ".kea-leases4.csv"))]
    return site_file(kind + "/" + DHCP_CONF[server], extra, tag=tag)


class Namespace:
    """A network namespace with a tap device and, on 10.99.0.1, a DHCP
    server, a TFTP server, DNS (dnsmasq) and optionally HTTP.

    dhcp_server: dnsmasq does DHCP, TFTP and DNS, as in most labs; with
    dhcpd (ISC) dnsmasq serves TFTP and DNS with its DHCP off; with kea,
    tftpd-hpa serves TFTP and dnsmasq DNS only."""

    def __init__(self, name, mac, dns=(), dhcp_hostname=None, root=TFTP,
                 log=None, bootfile="pxelinux.0", http=False,
                 conf_file=None, all_dns_dead=False, dhcp_server="dnsmasq",
                 dns_local=False, http_root=None, syslog=False,
                 installer_log=None, ipv6_router=True):
        """conf_file: a site file that chooses the boot file itself
        (menus/dnsmasq.conf, ipxe/kea-dhcp4.conf...; required for dhcpd
        and kea); bootfile is then not used.  all_dns_dead: hand out two
        dead DNS servers and not the live one (dnsmasq).  dns_local: the
        DNS is authoritative for every name, so a name without a record
        is "no such name" (else dnsmasq, with nothing to forward to,
        refuses it).  http_root: what busybox httpd serves, if not the
        TFTP root (the dialog service's tree).  syslog: rsyslogd listens
        on 10.99.0.1:514 (UDP) and writes each message as it came to
        self.syslog_log.  installer_log: the file tests/qemu/installer-cgi
        writes each request of the real installer to.  ipv6_router:
        radvd answers router solicitations, with no prefix and no default
        route, so that iPXE's IPv6 router discovery ends at once (on a
        link with no router, Debian's iPXE waits about 16 s for one)."""
        self.name = name
        self.procs = []
        self.deferred = None
        self.log = log or os.path.join(LOGS, name + ".dnsmasq.log")
        self.dhcp_log = self.log
        self.dhcp_server = dhcp_server
        self.logs = [self.log]
        self.installer_log = installer_log
        if os.geteuid() != 0:
            raise Failure("the namespace rig needs root (ip netns)")
        run = lambda *a: subprocess.run(a, check=True,
                                        stdout=subprocess.DEVNULL)
        run("ip", "netns", "add", name)
        try:
            run("ip", "-n", name, "link", "set", "lo", "up")
            run("ip", "-n", name, "tuntap", "add", "dev", "tap0", "mode",
                "tap")
            run("ip", "-n", name, "addr", "add", NS_NET + ".1/24", "dev",
                "tap0")
            run("ip", "-n", name, "link", "set", "tap0", "up")
            cmd = ["dnsmasq", "--no-daemon", "--conf-file=/dev/null",
                   "--interface=tap0", "--bind-interfaces", "--no-resolv",
                   "--no-hosts", "--user=root", "--log-queries",
                   "--log-facility=" + self.log]
            if dhcp_server == "dnsmasq":
                host = mac + "," + NS_NET + ".50"
                if dhcp_hostname:
                    host += "," + dhcp_hostname
                cmd += ["--leasefile-ro",
                        "--dhcp-range=%s.50,%s.60,255.255.255.0,1h"
                        % (NS_NET, NS_NET),
                        "--dhcp-host=" + host,
                        ("--conf-file=" + conf_file if conf_file else
                         "--dhcp-boot=" + bootfile),
                        "--dhcp-option=6,%s,%s" % (
                            DEAD_DNS, DEAD_DNS2 if all_dns_dead else
                            NS_NET + ".1"),
                        "--log-dhcp"]
            if dhcp_server != "kea":
                cmd += ["--enable-tftp", "--tftp-root=" + root]
            for rec_name, addr in dns:
                cmd.append("--host-record=%s,%s" % (rec_name, addr))
            if dns_local:
                cmd.append("--local=/#/")
            self.spawn(cmd, None, "dnsmasq")
            if dhcp_server == "kea":
                # tftpd-hpa in the foreground, confined to the root.
                self.spawn(["in.tftpd", "--foreground", "--secure",
                            "--address", NS_NET + ".1:69", root],
                           os.path.join(LOGS, name + ".tftpd.log"),
                           "in.tftpd")
            if dhcp_server == "dhcpd":
                self.dhcp_log = os.path.join(LOGS, name + ".dhcpd.log")
                leases = os.path.join(LOGS, name + ".dhcpd.leases")
                open(leases, "w").close()
                self.spawn(["dhcpd", "-f", "-d", "-4", "-cf", conf_file,
                            "-lf", leases, "-pf",
                            os.path.join(LOGS, name + ".dhcpd.pid"),
                            "tap0"], self.dhcp_log, "dhcpd",
                           ready="Sending on")
            elif dhcp_server == "kea":
                # Kea listens only on an interface that is running: a tap
                # device is not until QEMU opens it (link_up).
                self.dhcp_log = os.path.join(LOGS, name + ".kea.log")
                run_dir = os.path.join(LOGS, name + ".kea")
                os.makedirs(run_dir, exist_ok=True)
                env = dict(os.environ, KEA_PIDFILE_DIR=run_dir,
                           KEA_LOCKFILE_DIR=run_dir)
                self.deferred = lambda: self.spawn(
                    ["kea-dhcp4", "-c", conf_file], self.dhcp_log,
                    "kea-dhcp4", ready="DHCP4_STARTED", env=env)
            if http:
                # (Not "env": the deferred Kea start above reads that.)
                httpd_env = None
                if installer_log:
                    open(installer_log, "w").close()
                    self.logs.append(installer_log)
                    httpd_env = {"DEBATHENA_INSTALLER_LOG": installer_log}
                self.procs.append(start_httpd(NS_NET + ".1:80",
                                              http_root or root,
                                              self.wrap([]), httpd_env))
            if syslog:
                self.start_rsyslog()
            if ipv6_router:
                self.start_radvd()
        except Exception:
            self.close()
            raise

    def spawn(self, cmd, log, what, ready=None, env=None):
        """Start a server in the namespace, its output to log; ready: wait
        (10 s at most) for this text in the log."""
        out = open(log, "wb") if log else subprocess.DEVNULL
        if log:
            self.logs.append(log)
        proc = subprocess.Popen(self.wrap(cmd), stdout=out,
                                stderr=subprocess.STDOUT, env=env)
        self.procs.append(proc)
        until = time.monotonic() + (10 if ready else 0.3)
        while time.monotonic() < until:
            time.sleep(0.1)
            if proc.poll() is not None:
                raise Failure("%s exited at start:\n%s" %
                              (what, log_tail(log or self.log)))
            if ready and ready in log_tail(log, 200):
                return
        if ready:
            raise Failure("%s not ready after 10 s:\n%s" %
                          (what, log_tail(log)))

    def start_radvd(self):
        """Debian's radvd on tap0: a router advertisement that says only
        "a router is here" (no prefix, default lifetime 0), so no guest
        gets an IPv6 address or route from it."""
        conf = os.path.join(CONF, self.name + ".radvd.conf")
        os.makedirs(CONF, exist_ok=True)
        with open(conf, "w") as f:
            f.write("interface tap0 {\n\tAdvSendAdvert on;\n"
                    "\tAdvDefaultLifetime 0;\n\tMinRtrAdvInterval 30;\n"
                    "\tMaxRtrAdvInterval 60;\n};\n")
        subprocess.run(self.wrap(["sysctl", "-q", "-w",
                                  "net.ipv6.conf.all.forwarding=1"]),
                       check=True, timeout=10)
        self.spawn(["radvd", "--nodaemon", "-C", conf, "-p",
                    os.path.join(LOGS, self.name + ".radvd.pid"), "-m",
                    "stderr"], os.path.join(LOGS, self.name + ".radvd.log"),
                   "radvd")

    def start_rsyslog(self):
        """Debian's rsyslogd in the foreground, UDP input only, each
        message written raw (as the client sent it) to its own file."""
        self.syslog_log = os.path.join(LOGS, self.name + ".syslog")
        open(self.syslog_log, "w").close()
        conf = os.path.join(CONF, self.name + ".rsyslog.conf")
        os.makedirs(CONF, exist_ok=True)
        with open(conf, "w") as f:
            f.write('module(load="imudp")\n'
                    'input(type="imudp" address="%s.1" port="514")\n'
                    'template(name="raw" type="string" '
                    'string="%%rawmsg%%\\n")\n'
                    '*.* action(type="omfile" file="%s" template="raw")\n'
                    % (NS_NET, self.syslog_log))
        self.spawn(["rsyslogd", "-n", "-f", conf, "-i",
                    os.path.join(LOGS, self.name + ".rsyslog.pid")],
                   os.path.join(LOGS, self.name + ".rsyslogd.log"),
                   "rsyslogd")
        until = time.monotonic() + 10
        while ":514 " not in subprocess.run(
                self.wrap(["ss", "-uln"]), stdout=subprocess.PIPE,
                timeout=10).stdout.decode():
            if time.monotonic() > until:
                raise Failure("rsyslogd not listening after 10 s:\n" +
                              self.tails())
            time.sleep(0.1)

    def wrap(self, cmd):
        return ["ip", "netns", "exec", self.name] + cmd

    def link_up(self, timeout=30):
        """Call once QEMU runs: wait for tap0's carrier, then start what
        needs a running interface."""
        if not self.deferred:
            return
        until = time.monotonic() + timeout
        while "LOWER_UP" not in subprocess.run(
                ["ip", "-n", self.name, "link", "show", "tap0"],
                stdout=subprocess.PIPE, timeout=10).stdout.decode():
            if time.monotonic() > until:
                raise Failure("tap0 not up %d s after QEMU started" %
                              timeout)
            time.sleep(0.1)
        start, self.deferred = self.deferred, None
        start()

    def dhcp_acks(self):
        """How many DHCP exchanges the DHCP server logged (its ACKs)."""
        with open(self.dhcp_log, errors="replace") as f:
            return sum(DHCP_ACK[self.dhcp_server] in line for line in f)

    def tails(self, lines=15):
        """The servers' log tails, for a failure report."""
        return "".join("--- %s ---\n%s\n" % (path, log_tail(path, lines))
                       for path in self.logs)

    def close(self):
        for proc in self.procs:
            stop(proc)
        subprocess.run(["ip", "netns", "del", self.name],
                       stderr=subprocess.DEVNULL)


def log_tail(path, lines=15):
    try:
        with open(path, errors="replace") as f:
            return "\n".join(f.read().splitlines()[-lines:])
    except OSError as e:
        return "(%s)" % e


def stop(proc):
    """End a process we started, by its PID."""
    if proc and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def start_httpd(listen, root, prefix=(), env=None):
    """busybox httpd in the foreground, serving root on listen; env: added
    to its environment (its CGIs see it)."""
    proc = subprocess.Popen(list(prefix) + ["busybox", "httpd", "-f", "-p",
                                            listen, "-h", root],
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL,
                            env=dict(os.environ, **(env or {})))
    time.sleep(0.2)
    if proc.poll() is not None:
        raise Failure("busybox httpd exited at start (%s)" % listen)
    return proc


OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"
# Secure Boot enforced: the secboot build (SMM) with Microsoft's keys
# enrolled, as new machines ship.
OVMF_SECBOOT_CODE = "/usr/share/OVMF/OVMF_CODE_4M.secboot.fd"
OVMF_SECBOOT_VARS = "/usr/share/OVMF/OVMF_VARS_4M.ms.fd"


def qemu_command(mac, rig="user", hostname=None, root=TFTP, memory=512,
                 bootfile="pxelinux.0", http_port=None, sercon=False,
                 ovmf_vars=None, nic="e1000", pcap=None, secboot=False):
    """sercon: SeaBIOS's serial console, so that what iPXE prints on the
    BIOS console (and reads from the keyboard) goes over the serial line.
    nic: e1000 carries QEMU's iPXE ROM (BIOS and UEFI); virtio has no ROM,
    so under OVMF the firmware's own driver and PXE boot it, as on most
    real UEFI machines.  pcap: a file for every frame the guest sends and
    receives (QEMU's filter-dump), to read with any pcap reader.
    secboot: OVMF with Secure Boot enforced (q35 with SMM)."""
    cmd = ["qemu-system-x86_64", "-display", "none", "-monitor", "none",
           "-no-reboot", "-m", str(memory), "-boot", "n", "-serial", "stdio"]
    if sercon:
        cmd += ["-machine", "graphics=off"]
    if ovmf_vars:
        # UEFI: OVMF with a private copy of its variable store.
        shutil.copy(OVMF_SECBOOT_VARS if secboot else OVMF_VARS, ovmf_vars)
        if secboot:
            cmd += ["-machine", "q35,smm=on", "-global",
                    "driver=cfi.pflash01,property=secure,value=on",
                    "-global", "ICH9-LPC.disable_s3=1"]
        cmd += ["-drive", "if=pflash,format=raw,readonly=on,file=" +
                (OVMF_SECBOOT_CODE if secboot else OVMF_CODE),
                "-drive", "if=pflash,format=raw,file=" + ovmf_vars]
    if rig == "user":
        netdev = "user,id=n0,tftp=%s,bootfile=%s,restrict=on" % (root,
                                                                bootfile)
        if hostname:
            netdev += ",hostname=" + hostname
        if http_port:
            # Guest 10.0.2.100:80 -> httpd on the host's loopback only.
            netdev += (",guestfwd=tcp:10.0.2.100:80-cmd:busybox nc "
                       "127.0.0.1 %d" % http_port)
    else:
        netdev = "tap,id=n0,ifname=tap0,script=no,downscript=no"
    if nic == "virtio":
        device = "virtio-net-pci,romfile=,netdev=n0,mac=" + mac
    else:
        device = "e1000,netdev=n0,mac=" + mac
    cmd += ["-netdev", netdev, "-device", device]
    if pcap:
        cmd += ["-object", "filter-dump,id=d0,netdev=n0,file=" + pcap]
    return cmd


class Guest:
    """A running QEMU with its serial line on a pipe."""

    def __init__(self, cmd, log_path, timeout, paced=False):
        """paced: type slowly, for SeaBIOS's serial console, which moves
        input into the 15-key BIOS keyboard buffer and drops the rest."""
        self.paced = paced
        self.log_path = log_path
        self.log = open(log_path, "wb")
        self.deadline = time.monotonic() + timeout
        self.start = time.monotonic()
        self.raw = b""
        self.text = ""      # decoded by a Screen
        self.screen = Screen()
        self.pos = 0        # where the next wait looks from
        self.stamps = []    # (time since start, length of text)
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)

    def _read(self, until):
        if STOPPING:
            raise Failure("stopped (SIGTERM)")
        until = min(until, time.monotonic() + 1.0)  # notice SIGTERM
        fd = self.proc.stdout.fileno()
        r, _, _ = select.select([fd], [], [], max(0, until -
                                                  time.monotonic()))
        if not r:
            return False
        data = os.read(fd, 65536)
        if not data:
            return None
        self.log.write(data)
        self.log.flush()
        self.raw += data
        self.text += self.screen.feed(data)
        self.stamps.append((time.monotonic() - self.start, len(self.text)))
        return True

    def wait(self, pattern, timeout=None):
        """Wait for text (a str) or a compiled regex after self.pos."""
        until = self.deadline
        if timeout:
            until = min(until, time.monotonic() + timeout)
        while True:
            if isinstance(pattern, str):
                i = self.text.find(pattern, self.pos)
                if i >= 0:
                    self.pos = i + len(pattern)
                    return pattern
            else:
                m = pattern.search(self.text, self.pos)
                if m:
                    self.pos = m.end()
                    return m
            got = self._read(until)
            if got is None:
                raise Failure("QEMU exited while waiting for %r" %
                              getattr(pattern, "pattern", pattern))
            if got is False and time.monotonic() >= until:
                raise Failure("timed out waiting for %r" %
                              getattr(pattern, "pattern", pattern))

    def wait_prompt(self, text, settle=0.5):
        """Wait for text on the last line of the screen: a question
        waiting for its answer, not the same words in a line printed
        before (no line break after it, for settle seconds)."""
        while True:
            self.wait(text)
            end = self.pos
            until = time.monotonic() + settle
            while time.monotonic() < until:
                if self._read(until) is None:
                    raise Failure("QEMU exited while waiting for %r" % text)
            if not self._broken_after(end):
                return text

    COLUMNS = 80  # where a console wraps a long line (iPXE's on BIOS)

    def _broken_after(self, end):
        """Did a line end after position end?  A row of exactly COLUMNS
        characters is a console's wrap, not the end of a line."""
        start = self.text.rfind("\n", 0, end) + 1
        while True:
            nl = self.text.find("\n", start)
            if nl < 0:
                return False
            if nl >= end and nl - start != self.COLUMNS:
                return True
            start = nl + 1

    def send(self, data):
        """Type data.  Paced: one key at a time, each after the echo of
        the one before (or after 1 s when a key has no echo, as in a
        menu), so that a guest slowed by load loses no key.  A printable
        key without an echo means the line is full: the rest of the
        printable keys go at once (the guest drops them, as it drops
        keys beyond a full line anyway), and the next other key (Enter)
        follows when the guest has had time to read them."""
        try:
            if not self.paced:
                self.proc.stdin.write(data)
                self.proc.stdin.flush()
                return
            full = 0
            for i in range(len(data)):
                key = data[i:i + 1]
                printable = 0x20 <= key[0] < 0x7f
                if full and printable:
                    self.proc.stdin.write(key)
                    full += 1
                    continue
                if full:
                    self.proc.stdin.flush()
                    self._settle(full)
                    full = 0
                seen = len(self.raw)
                self.proc.stdin.write(key)
                self.proc.stdin.flush()
                if not self._echo(key, seen, printable) and printable:
                    full = 1
            if full:
                self.proc.stdin.flush()
        except BrokenPipeError:
            raise Failure("QEMU exited before input could be sent")

    def _echo(self, key, seen, printable, wait=1.0):
        """Wait for a key's echo: a printable key's own (a screen refresh
        is not one), any output for another key."""
        until = time.monotonic() + wait
        while time.monotonic() < until:
            new = self.raw[seen:]
            if (key in new) if printable else new:
                return True
            # Keep reading meanwhile, so the log stays in order.
            if self._read(until) is None:
                return False
        return False

    KEYS_PER_SECOND = 400  # what a slow guest reads from its serial line

    def _settle(self, keys):
        """Let the guest read keys typed at once (reading its output
        meanwhile)."""
        until = time.monotonic() + 1.0 + keys / self.KEYS_PER_SECOND
        while time.monotonic() < until:
            if self._read(until) is None:
                return

    def read_for(self, seconds):
        """Read the guest's output for this long (typing nothing)."""
        until = min(self.deadline, time.monotonic() + seconds)
        while time.monotonic() < until:
            if self._read(until) is None:
                raise Failure("QEMU exited")

    def time_of(self, text, after=None):
        """Seconds from QEMU start to when text first appeared on the
        screen (after the first appearance of after, if given)."""
        start = 0
        if after is not None:
            i = self.text.find(after)
            if i < 0:
                return None
            start = i + len(after)
        j = self.text.find(text, start)
        if j < 0:
            return None
        for t, n in self.stamps:
            if n >= j + len(text):
                return t
        return None

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()

    def tail(self, lines=40):
        return "\n".join(self.text.splitlines()[-lines:])
