//! Host tests for `host:` conditions: whether an IP address written in a string can be
//! reached on the public internet, and whether a URL names a remote host at all.
//!
//! Addresses are parsed by `std::net`, never by hand; the ranges are the IANA special-purpose
//! registries, each under its own name (std's `is_global` is unstable). No IO, no DNS: a name
//! is judged by its spelling only. Knows no rule format: the caller passes text and, for the
//! version context, the string node.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use tree_sitter::Node;

use crate::rules::HostTest;

/// Whether `text` (a string literal, with or without its quotes) passes `test`; `node` is
/// the captured node, whose surroundings tell a version from an address.
pub fn accepts(test: HostTest, text: &str, node: Node<'_>, source: &str) -> bool {
    match test {
        HostTest::RoutableAddress => {
            address_in(text).is_some_and(is_routable) && !named_as_version(node, source)
        }
        HostTest::Remote => is_remote_url(text),
    }
}

/// The IP address `text` holds: `203.0.113.7`, `203.0.113.7:80`, `[2001:db8::1]:443`, or a
/// URL with such a host.
pub fn address_in(text: &str) -> Option<IpAddr> {
    let host = host_of(text);
    let host = host
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .unwrap_or(host);
    host.parse().ok()
}

/// Whether packets to `address` can leave the local network for the public internet.
pub fn is_routable(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(address) => is_routable_v4(address),
        IpAddr::V6(address) => match address.to_ipv4_mapped() {
            Some(mapped) => is_routable_v4(mapped),
            None => is_routable_v6(address),
        },
    }
}

/// Whether a URL (or a bare `host[:port][/path]`) may reach another machine. A URL whose
/// host is not written out (`"http://" + host`) may.
pub fn is_remote_url(text: &str) -> bool {
    if is_xml_namespace(text) {
        return false;
    }
    let host = host_of(text).trim_end_matches('.').to_ascii_lowercase();
    if host.is_empty() {
        return true;
    }
    if let Some(address) = address_in(&host) {
        return is_routable(address);
    }
    !(is_this_machine(&host) || is_reserved_for_examples(&host))
}

fn is_routable_v4(address: Ipv4Addr) -> bool {
    let [first, second, third, _] = address.octets();
    let this_network = first == 0;
    let private = address.is_private();
    let loopback = address.is_loopback();
    let link_local = address.is_link_local();
    let carrier_grade_nat = first == 100 && (64..128).contains(&second);
    let protocol_assignments = first == 192 && second == 0 && third == 0;
    let documentation = address.is_documentation();
    let benchmarking = first == 198 && (18..20).contains(&second);
    // 224/4 multicast, 240/4 reserved; 255.255.255.255 is in 240/4.
    let multicast_or_reserved = first >= 224;
    !(this_network
        || private
        || loopback
        || link_local
        || carrier_grade_nat
        || protocol_assignments
        || documentation
        || benchmarking
        || multicast_or_reserved)
}

fn is_routable_v6(address: Ipv6Addr) -> bool {
    let first = address.segments()[0];
    let unspecified = address.is_unspecified();
    let loopback = address.is_loopback();
    let unique_local = first & 0xfe00 == 0xfc00;
    let link_local = first & 0xffc0 == 0xfe80;
    let multicast = address.is_multicast();
    let documentation = first == 0x2001 && address.segments()[1] == 0x0db8;
    !(unspecified || loopback || unique_local || link_local || multicast || documentation)
}

/// The host part of a URL or of `host[:port][/path]`, quotes dropped; IPv6 hosts keep their
/// brackets. Empty when the text ends before the host is written.
fn host_of(text: &str) -> &str {
    let text = unquoted(text);
    let after_scheme = match text.find("://") {
        Some(index) => &text[index + 3..],
        None => text,
    };
    let authority = after_scheme
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default();
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    if authority.starts_with('[') {
        return authority
            .find(']')
            .map_or(authority, |end| &authority[..=end]);
    }
    // One colon is a port; more are an IPv6 address written without brackets.
    match authority.split_once(':') {
        Some((host, port)) if !port.contains(':') => host,
        _ => authority,
    }
}

/// `text` without one pair of surrounding quotes, if it has them (a Go string literal is
/// captured whole).
fn unquoted(text: &str) -> &str {
    for quote in ['"', '\'', '`'] {
        if let Some(inner) = text
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
        {
            return inner;
        }
    }
    text
}

/// Names that resolve to this machine or to the local link only.
fn is_this_machine(host: &str) -> bool {
    host == "localhost" || host.ends_with(".localhost") || host.ends_with(".local")
}

/// Names reserved for documentation and tests (RFC 2606, RFC 6761): no one can own them.
fn is_reserved_for_examples(host: &str) -> bool {
    let example_domain = ["example.com", "example.org", "example.net"]
        .iter()
        .any(|domain| host == *domain || host.ends_with(&format!(".{domain}")));
    let reserved_top_level = ["example", "test", "invalid"]
        .iter()
        .any(|name| host == *name || host.ends_with(&format!(".{name}")));
    example_domain || reserved_top_level
}

/// URIs that name XML namespaces, schemas and parser features: identifiers that are never
/// fetched, conventionally written with `http://`.
fn is_xml_namespace(text: &str) -> bool {
    const NAMESPACE_PREFIXES: &[&str] = &[
        "http://www.w3.org/",
        "http://schemas.xmlsoap.org/",
        "http://schemas.microsoft.com/",
        "http://java.sun.com/xml/",
        "http://xmlns.jcp.org/",
        "http://www.springframework.org/schema/",
        "http://apache.org/xml/",
        "http://xml.org/sax/",
        "http://javax.xml.xmlconstants/",
    ];
    let text = unquoted(text).to_ascii_lowercase();
    NAMESPACE_PREFIXES
        .iter()
        .any(|prefix| text.starts_with(prefix))
}

/// The fields that hold the name a value is bound to or keyed by (`x = ...`, `x := ...`,
/// `{x: ...}`, `f(x=...)`): `left`, `name` or `key` in every grammar codeward knows.
const NAMING_FIELDS: &[&str] = &["left", "name", "key"];

/// Whether the string at `node` (or the literal holding it) is bound to, keyed by, compared
/// with or passed to a name that says it is a version: `__version__ = "1.7.9.10"`, `VERSION: "1.7.9.10"`,
/// `setup(version="2.0.0.1")`, `semver.NewVersion("1.2.3.4")`.
pub fn named_as_version(node: Node<'_>, source: &str) -> bool {
    let says_version = |named: Node<'_>| {
        source
            .get(named.byte_range())
            .is_some_and(|text| text.to_ascii_lowercase().contains("version"))
    };
    let mut child = node;
    // The string, its literal node, a list of values, the binding: a few levels at most.
    for _ in 0..4 {
        let Some(parent) = child.parent() else {
            return false;
        };
        for field in NAMING_FIELDS {
            if let Some(named) = parent.child_by_field_name(field)
                && named.id() != child.id()
            {
                return says_version(named);
            }
        }
        match parent.kind() {
            // A Go composite literal's `Version: "1.2.3.4"`: the key has no field name.
            "keyed_element" => {
                return parent
                    .named_child(0)
                    .is_some_and(|key| key.id() != child.id() && says_version(key));
            }
            // Python's comparisons name no fields: `if version == "1.2.3.4"`.
            "comparison_operator" => {
                let mut cursor = parent.walk();
                return parent
                    .named_children(&mut cursor)
                    .any(|operand| operand.id() != child.id() && says_version(operand));
            }
            // An argument: the function called, or its receiver, names it
            // (`packaging.version.parse`, Java's `Version.valueOf`).
            "argument_list" | "arguments" => {
                return parent.parent().is_some_and(|call| {
                    ["function", "name", "object"]
                        .iter()
                        .any(|field| call.child_by_field_name(field).is_some_and(says_version))
                });
            }
            _ => child = parent,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::{Language, parser};

    fn routable(text: &str) -> bool {
        address_in(text).is_some_and(is_routable)
    }

    #[test]
    fn public_addresses_are_routable() {
        for text in [
            "8.8.8.8",
            "52.14.200.3:5432",
            "https://1.1.1.1/dns-query",
            "[2606:4700::1111]:53",
        ] {
            assert!(routable(text), "{text}");
        }
    }

    #[test]
    fn special_purpose_addresses_are_not_routable() {
        for text in [
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.254",
            "192.168.1.1",
            "127.0.0.1",
            "127.1.2.3",
            "169.254.169.254",
            "0.0.0.0",
            "0.1.2.3",
            "192.0.2.10",
            "198.51.100.7",
            "203.0.113.25",
            "224.0.0.251",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
            "100.64.0.1",
            "100.127.255.254",
            "198.18.0.1",
            "::1",
            "::",
            "fe80::1",
            "fd12:3456::1",
            "2001:db8::1",
            "ff02::1",
            "::ffff:10.0.0.1",
            "[::1]:8080",
            "http://10.1.2.3:9100/metrics",
        ] {
            assert!(!routable(text), "{text}");
        }
    }

    #[test]
    fn range_edges_are_exact() {
        for text in [
            "172.15.255.255",
            "172.32.0.0",
            "100.63.255.255",
            "100.128.0.0",
            "223.255.255.255",
            "198.17.0.1",
            "198.20.0.1",
        ] {
            assert!(routable(text), "{text}");
        }
    }

    #[test]
    fn text_that_is_not_an_address_is_not_routable() {
        for text in ["1.2.3", "256.1.1.1", "api.partner.io", "", "1.2.3.4.5"] {
            assert!(!routable(text), "{text}");
        }
    }

    #[test]
    fn remote_urls() {
        for text in [
            "http://api.partner.io/v1/orders",
            "\"http://rates.acme-bank.com/daily\"",
            "http://",
            "http://8.8.8.8/",
            "http://user:pass@feeds.vendor.net:8080/x",
            "http://internal.corp/status",
            "http://metrics.internal/",
            "http://www.w3.org.attacker.io/",
        ] {
            assert!(is_remote_url(text), "{text}");
        }
    }

    #[test]
    fn local_example_and_namespace_urls_are_not_remote() {
        for text in [
            "http://localhost:8080/health",
            "http://LOCALHOST/",
            "http://127.0.0.1:5000",
            "http://[::1]:3000/",
            "http://0.0.0.0:8000",
            "http://10.0.0.5/api",
            "http://192.168.0.10",
            "http://app.localhost/",
            "http://printer.local/status",
            "http://example.com",
            "http://api.example.org/v1",
            "http://shop.example.net.",
            "http://billing.example/",
            "http://stub.test:8080/",
            "http://nothing.invalid/",
            "\"http://localhost\"",
            "http://www.w3.org/2001/XMLSchema",
            "http://schemas.xmlsoap.org/soap/envelope/",
            "http://java.sun.com/xml/ns/javaee",
            "http://xmlns.jcp.org/xml/ns/persistence",
            "http://www.springframework.org/schema/beans",
            "http://apache.org/xml/features/disallow-doctype-decl",
        ] {
            assert!(!is_remote_url(text), "{text}");
        }
    }

    /// Whether the first string holding `needle` in `source` is named as a version.
    fn version(language: Language, source: &str, needle: &str) -> bool {
        let tree = parser(language).parse(source, None).expect("parse");
        let start = source.find(needle).expect("needle");
        let node = tree
            .root_node()
            .descendant_for_byte_range(start, start + needle.len())
            .expect("node");
        named_as_version(node, source)
    }

    #[test]
    fn versions_are_told_by_their_names() {
        assert!(version(
            Language::Python,
            "__version__ = \"1.7.9.10\"\n",
            "1.7.9.10"
        ));
        assert!(version(
            Language::Python,
            "setup(name=\"x\", version=\"2.0.0.1\")\n",
            "2.0.0.1"
        ));
        assert!(version(
            Language::Python,
            "META = {\"min_version\": \"4.1.0.2\"}\n",
            "4.1.0.2"
        ));
        assert!(version(
            Language::Go,
            "package m\n\nconst AppVersion = \"1.7.9.10\"\n",
            "1.7.9.10"
        ));
        assert!(version(
            Language::Go,
            "package m\n\nvar i = Info{Version: \"1.7.9.10\"}\n",
            "1.7.9.10"
        ));
        assert!(version(
            Language::Java,
            "class A { static final String VERSION = \"1.7.9.10\"; }\n",
            "1.7.9.10"
        ));
        assert!(version(
            Language::Java,
            "class A { Object v = Version.valueOf(\"1.7.9.10\"); }\n",
            "1.7.9.10"
        ));
        assert!(version(
            Language::JavaScript,
            "const pkg = { version: '1.7.9.10' };\n",
            "1.7.9.10"
        ));
        assert!(version(
            Language::JavaScript,
            "if (process.version === '1.7.9.10') {}\n",
            "1.7.9.10"
        ));
        assert!(version(
            Language::Python,
            "if sys.version == \"3.7.9.10\":\n    pass\n",
            "3.7.9.10"
        ));
        assert!(version(
            Language::Go,
            "package m\n\nfunc f(v string) bool { return v == \"1.7.9.10\" || version == \"1.7.9.11\" }\n",
            "1.7.9.11"
        ));
    }

    #[test]
    fn addresses_are_not_versions() {
        assert!(!version(
            Language::Python,
            "BACKEND = \"8.8.8.8\"\n",
            "8.8.8.8"
        ));
        assert!(!version(
            Language::Python,
            "connect((\"8.8.8.8\", 53))\n",
            "8.8.8.8"
        ));
        assert!(!version(
            Language::Go,
            "package m\n\nconst upstream = \"8.8.8.8\"\n",
            "8.8.8.8"
        ));
        assert!(!version(
            Language::Java,
            "class A { String dns = \"8.8.8.8\"; }\n",
            "8.8.8.8"
        ));
        assert!(!version(
            Language::JavaScript,
            "const server = { host: '8.8.8.8' };\n",
            "8.8.8.8"
        ));
    }
}
