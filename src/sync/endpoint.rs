//! Which store URLs the client talks to: `https://host[:port]` only, or `http://` to a
//! loopback address when the development flag is given; never a URL with credentials in it.
//!
//! No IO. Error texts never repeat the URL, which may hold a secret.

use std::net::IpAddr;

/// A checked store address: scheme, host and port, no path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    url: reqwest::Url,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndpointError {
    #[error("the endpoint is not a URL; give it as https://HOST:PORT")]
    NotAUrl,
    #[error(
        "credentials in the endpoint URL are refused; give the access key at the prompt, on \
         stdin, or in CODEWARD_ACCESS_KEY_ID and CODEWARD_SECRET_ACCESS_KEY"
    )]
    CredentialsInUrl,
    #[error(
        "the endpoint must use https://; plain http:// is allowed only to a loopback address \
         with --insecure-loopback-http"
    )]
    NotHttps,
    #[error("the endpoint must be https://HOST:PORT, without a path, query or fragment")]
    HasPath,
}

impl Endpoint {
    /// Checks `text`. `insecure_loopback_http` allows `http://` to 127.0.0.0/8, ::1 or
    /// localhost, for development against `codeward store serve --insecure-loopback-http`.
    pub fn parse(text: &str, insecure_loopback_http: bool) -> Result<Endpoint, EndpointError> {
        // Checked on the raw text too: the parser drops an empty `user:@` part.
        let authority = text
            .split_once("://")
            .map_or(text, |(_, rest)| rest)
            .split(['/', '?', '#'])
            .next()
            .unwrap_or_default();
        if authority.contains('@') {
            return Err(EndpointError::CredentialsInUrl);
        }
        let url = reqwest::Url::parse(text.trim()).map_err(|_| EndpointError::NotAUrl)?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(EndpointError::CredentialsInUrl);
        }
        match url.scheme() {
            "https" => {}
            "http" if insecure_loopback_http && is_loopback(&url) => {}
            _ => return Err(EndpointError::NotHttps),
        }
        if url.host().is_none() {
            return Err(EndpointError::NotAUrl);
        }
        if !matches!(url.path(), "" | "/") || url.query().is_some() || url.fragment().is_some() {
            return Err(EndpointError::HasPath);
        }
        Ok(Endpoint { url })
    }

    /// `scheme://host:port` without a trailing slash.
    pub fn as_str(&self) -> &str {
        self.url.as_str().trim_end_matches('/')
    }

    /// `host:port` as it goes into the signed `host` header.
    pub fn authority(&self) -> String {
        let host = self.url.host_str().unwrap_or_default();
        match self.url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        }
    }

    /// The URL of `path_and_query` (which starts with `/`) on this store.
    pub fn url(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.as_str())
    }
}

fn is_loopback(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(address)) => IpAddr::V4(address).is_loopback(),
        Some(url::Host::Ipv6(address)) => IpAddr::V6(address).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, dev_flag: bool, expected: Result<&str, EndpointError>) {
        assert_eq!(
            Endpoint::parse(text, dev_flag)
                .as_ref()
                .map(Endpoint::as_str)
                .map_err(Clone::clone),
            expected,
            "{text}"
        );
    }

    #[test]
    fn https_endpoints_pass() {
        check(
            "https://store.example:8443",
            false,
            Ok("https://store.example:8443"),
        );
        check(
            "https://127.0.0.1:8443/",
            false,
            Ok("https://127.0.0.1:8443"),
        );
        check("https://store.example", false, Ok("https://store.example"));
    }

    #[test]
    fn plain_http_only_to_loopback_with_the_flag() {
        check("http://127.0.0.1:8080", false, Err(EndpointError::NotHttps));
        check("http://127.0.0.1:8080", true, Ok("http://127.0.0.1:8080"));
        check("http://localhost:8080", true, Ok("http://localhost:8080"));
        check("http://[::1]:8080", true, Ok("http://[::1]:8080"));
        check("http://10.0.0.1:8080", true, Err(EndpointError::NotHttps));
        check("ftp://store.example", true, Err(EndpointError::NotHttps));
    }

    #[test]
    fn credentials_paths_and_garbage_are_refused() {
        let refused = Err(EndpointError::CredentialsInUrl);
        check(
            "https://AKIDEXAMPLE:s3cr3t@store.example",
            false,
            refused.clone(),
        );
        check("https://user@store.example", false, refused.clone());
        check("https://:@store.example", false, refused);
        check(
            "https://store.example/v1",
            false,
            Err(EndpointError::HasPath),
        );
        check(
            "https://store.example/?key=1",
            false,
            Err(EndpointError::HasPath),
        );
        check("store.example:8443", false, Err(EndpointError::NotHttps));
        check("not a url", false, Err(EndpointError::NotAUrl));
    }

    #[test]
    fn the_refusal_never_repeats_the_url() {
        let error = Endpoint::parse("https://AKID:wJalrXUtnFEMI@store.example", false)
            .expect_err("refused");
        assert!(!error.to_string().contains("wJalrXUtnFEMI"));
    }
}
