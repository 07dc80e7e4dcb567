"""A throwaway certificate authority made with the openssl CLI.

make_certs(dir) creates, under dir:
  ca.crt / ca.key                    the test CA (what natter trusts via /set cafile)
  good.crt / good.key                DNS:localhost, signed by the CA, valid now
  expired.crt / expired.key          DNS:localhost, signed by the CA, expired in 2020
  wronghost.crt / wronghost.key      DNS:wrong.example, signed by the CA, valid now
  selfsigned.crt / selfsigned.key    DNS:localhost, self-signed (not from the CA)
  hostile.crt / hostile.key          signed by the CA, but subject and DNS name full of
                                     terminal escape sequences (see HOSTILE_*)
  notyet.crt / notyet.key            DNS:localhost, signed by the CA, valid only from
                                     10 days from now
  badca.crt / badca.key              DNS:localhost, issued by an intermediate the CA
                                     signed with basicConstraints CA:FALSE (the file
                                     holds the leaf, then that intermediate)
and returns a Certs object with the paths.
"""

import datetime
import os
import subprocess

VARIANTS = ("good", "expired", "wronghost", "selfsigned", "hostile", "notyet", "badca")

# Terminal escapes a hostile certificate carries in its subject and its DNS
# name (certificate fields are not XML: raw control bytes do arrive): clear
# screen, an OSC 52 clipboard write ended by BEL, CR, a bidi override, and
# the C1 control CSI.
HOSTILE_CN = "evil\x1b[2J\x1b]52;c;ZXZpbA==\x07\r\u202eX\u009b31m"
HOSTILE_DNS = "bad\x1b[2J\x07\x1b]52;c;ZXZpbA==\x07.example"

_CA_CNF = """\
[ca]
default_ca = tca
[tca]
database = {dir}/index.txt
new_certs_dir = {dir}
serial = {dir}/serial
default_md = sha256
policy = pol
unique_subject = no
copy_extensions = none
[pol]
commonName = supplied
[leaf_localhost]
subjectAltName = DNS:localhost
basicConstraints = CA:FALSE
keyUsage = digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
[noca_intermediate]
basicConstraints = critical,CA:FALSE
keyUsage = digitalSignature, keyCertSign
[leaf_wronghost]
subjectAltName = DNS:wrong.example
basicConstraints = CA:FALSE
keyUsage = digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
"""


class Certs:
    """Paths of the generated CA and server certificates."""

    def __init__(self, directory):
        self.dir = directory
        self.cafile = os.path.join(directory, "ca.crt")

    def cert(self, variant):
        """(certificate path, key path) of a server certificate variant."""
        if variant not in VARIANTS:
            raise ValueError("unknown certificate variant %r" % variant)
        return (os.path.join(self.dir, variant + ".crt"), os.path.join(self.dir, variant + ".key"))


def _openssl(*args, cwd):
    """Run the openssl CLI, raising with its output when it fails."""
    proc = subprocess.run(("openssl",) + args, cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=30, check=False)
    if proc.returncode != 0:
        raise RuntimeError("openssl %s failed:\n%s" % (" ".join(args),
                                                       proc.stdout.decode(errors="replace")))


def _ec_key_args(keyfile):
    """openssl req arguments for a new P-256 key (fast to make, fine for TLS)."""
    return ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", keyfile)


def _make_ca(d):
    """The CA key and self-signed CA certificate."""
    _openssl("req", "-x509", *_ec_key_args("ca.key"), "-out", "ca.crt", "-days", "30",
             "-subj", "/CN=natter test CA",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=d)
    with open(os.path.join(d, "index.txt"), "w"):
        pass
    with open(os.path.join(d, "serial"), "w") as f:
        f.write("1000\n")
    with open(os.path.join(d, "ca.cnf"), "w") as f:
        f.write(_CA_CNF.format(dir=d))


def _make_leaf(d, name, cn, section, start, end):
    """A server key and certificate signed by the CA with fixed dates."""
    _openssl("req", "-new", *_ec_key_args(name + ".key"), "-out", name + ".csr",
             "-subj", "/CN=" + cn, cwd=d)
    _openssl("ca", "-batch", "-config", "ca.cnf", "-cert", "ca.crt", "-keyfile", "ca.key",
             "-in", name + ".csr", "-out", name + ".crt", "-notext",
             "-extensions", section, "-startdate", start, "-enddate", end, cwd=d)


def _make_selfsigned(d):
    """A server certificate for localhost that no CA signed."""
    _openssl("req", "-x509", *_ec_key_args("selfsigned.key"), "-out", "selfsigned.crt",
             "-days", "30", "-subj", "/CN=localhost",
             "-addext", "subjectAltName=DNS:localhost",
             "-addext", "basicConstraints=CA:FALSE", cwd=d)


def _make_hostile(d):
    """A CA-signed certificate whose names carry terminal escapes. The CSR's
    extensions are copied because a config file cannot hold these bytes."""
    _openssl("req", "-new", "-utf8", *_ec_key_args("hostile.key"), "-out", "hostile.csr",
             "-subj", "/CN=" + HOSTILE_CN, "-addext", "subjectAltName=DNS:" + HOSTILE_DNS,
             cwd=d)
    _openssl("x509", "-req", "-in", "hostile.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
             "-set_serial", "4242", "-days", "30", "-copy_extensions", "copyall",
             "-out", "hostile.crt", cwd=d)


def _make_badca(d, start, end):
    """A leaf for localhost issued by an intermediate that may not issue
    certificates (CA:FALSE); the chain file holds the leaf, then the intermediate."""
    _make_leaf(d, "badint", "natter test not-a-CA", "noca_intermediate", start, end)
    _openssl("req", "-new", *_ec_key_args("badca.key"), "-out", "badca.csr",
             "-subj", "/CN=localhost", cwd=d)
    _openssl("x509", "-req", "-in", "badca.csr", "-CA", "badint.crt", "-CAkey", "badint.key",
             "-set_serial", "4343", "-days", "30", "-extfile", "ca.cnf",
             "-extensions", "leaf_localhost", "-out", "badca.leaf", cwd=d)
    with open(os.path.join(d, "badca.crt"), "w") as out:
        for name in ("badca.leaf", "badint.crt"):
            with open(os.path.join(d, name)) as f:
                out.write(f.read())


def _asn1_time(days_from_now):
    """openssl ca's date format for now plus some days."""
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=days_from_now)
    return t.strftime("%Y%m%d%H%M%SZ")


def make_certs(directory):
    """Create the CA and all certificate variants under directory."""
    os.makedirs(directory, exist_ok=True)
    _make_ca(directory)
    valid_from, valid_to = _asn1_time(-1), _asn1_time(30)
    _make_leaf(directory, "good", "localhost", "leaf_localhost", valid_from, valid_to)
    _make_leaf(directory, "expired", "localhost", "leaf_localhost",
               "20200101000000Z", "20200201000000Z")
    _make_leaf(directory, "wronghost", "wrong.example", "leaf_wronghost", valid_from, valid_to)
    _make_selfsigned(directory)
    _make_hostile(directory)
    _make_leaf(directory, "notyet", "localhost", "leaf_localhost", _asn1_time(10),
               _asn1_time(40))
    _make_badca(directory, valid_from, valid_to)
    for name in os.listdir(directory):
        if name.endswith(".key"):
            os.chmod(os.path.join(directory, name), 0o600)
    return Certs(directory)


def fingerprint(crt):
    """SHA-256 fingerprint of a certificate file as lowercase hex, no colons."""
    proc = subprocess.run(["openssl", "x509", "-in", crt, "-noout", "-fingerprint", "-sha256"],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30,
                          check=True)
    return proc.stdout.decode().strip().split("=", 1)[1].replace(":", "").lower()
