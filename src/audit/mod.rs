//! `oauthctl audit`: prove that an authorization server refuses what it must. Each check
//! has a stable id, the rule it tests with its source, a severity, and a fix hint; a run
//! gives each a verdict with the evidence (the requests it made: method, endpoint, status,
//! OAuth error code; never a secret, code or token). This module never prints.
//!
//! The requests go through the flow client's pieces (HTTP client and its network rules,
//! client authentication, the headless login driver); a total request budget and an
//! optional pause keep the audit polite.

mod catalog;
mod checks;
mod client;
pub mod report;

use std::time::{Duration, Instant};

pub use catalog::{Check, CATALOG};
pub use client::{Auditor, Extras, Login};

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    High,
    Medium,
    Low,
    Info,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        }
    }

    pub fn parse(name: &str) -> Option<Severity> {
        [
            Severity::High,
            Severity::Medium,
            Severity::Low,
            Severity::Info,
        ]
        .into_iter()
        .find(|s| s.name() == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    Fail,
    Warn,
    Skip,
    /// The check could not run to a verdict (network trouble, budget spent).
    Error,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Warn => "warn",
            Verdict::Skip => "skip",
            Verdict::Error => "error",
        }
    }
}

/// What a check concluded, and why in a sentence.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub verdict: Verdict,
    pub detail: String,
}

impl Outcome {
    pub fn pass(detail: impl Into<String>) -> Outcome {
        Outcome {
            verdict: Verdict::Pass,
            detail: detail.into(),
        }
    }
    pub fn fail(detail: impl Into<String>) -> Outcome {
        Outcome {
            verdict: Verdict::Fail,
            detail: detail.into(),
        }
    }
    pub fn warn(detail: impl Into<String>) -> Outcome {
        Outcome {
            verdict: Verdict::Warn,
            detail: detail.into(),
        }
    }
    pub fn skip(detail: impl Into<String>) -> Outcome {
        Outcome {
            verdict: Verdict::Skip,
            detail: detail.into(),
        }
    }
    /// Pass when `ok`, else fail; the detail says which.
    pub fn when(ok: bool, pass: impl Into<String>, fail: impl Into<String>) -> Outcome {
        if ok {
            Outcome::pass(pass)
        } else {
            Outcome::fail(fail)
        }
    }
}

/// One request a check made: enough to reproduce it, nothing secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub method: String,
    /// The URL without its query or fragment.
    pub endpoint: String,
    pub status: u16,
    /// The OAuth `error` of the answer (body, or redirect parameters), if any.
    pub error: Option<String>,
}

/// A check's result in a report.
#[derive(Debug, Clone)]
pub struct Finding {
    pub check: &'static Check,
    pub outcome: Outcome,
    pub evidence: Vec<Evidence>,
    pub ms: u128,
}

#[derive(Debug, Clone)]
pub struct Report {
    pub issuer: String,
    pub findings: Vec<Finding>,
    pub requests: u32,
    pub budget: u32,
    pub ms: u128,
}

impl Report {
    pub fn count(&self, verdict: Verdict) -> usize {
        self.findings
            .iter()
            .filter(|f| f.outcome.verdict == verdict)
            .count()
    }

    /// Whether a failure at or above `fail_on` happened (the exit code 1 rule).
    pub fn fails(&self, fail_on: Severity) -> bool {
        self.findings
            .iter()
            .any(|f| f.outcome.verdict == Verdict::Fail && f.check.severity <= fail_on)
    }
}

/// Which checks run: by id or area, `only` (empty: all) minus `skip`.
pub fn select(only: &[String], skip: &[String]) -> Result<Vec<&'static Check>> {
    for name in only.iter().chain(skip) {
        if !CATALOG.iter().any(|c| c.id == name || c.area == name) {
            return Err(Error::usage(
                "unknown_check",
                format!("`{name}` is neither a check id nor an area (see --list-checks)"),
            ));
        }
    }
    let named = |list: &[String], c: &Check| list.iter().any(|n| n == c.id || n == c.area);
    Ok(CATALOG
        .iter()
        .filter(|c| only.is_empty() || named(only, c))
        .filter(|c| !named(skip, c))
        .collect())
}

/// Run `checks` against the server `auditor` describes.
pub fn run(auditor: &mut Auditor, checks: &[&'static Check]) -> Report {
    let start = Instant::now();
    let mut findings = Vec::new();
    for check in checks {
        let began = Instant::now();
        auditor.begin_check();
        let outcome = match (check.run)(auditor) {
            Ok(outcome) => outcome,
            Err(e) => Outcome {
                verdict: Verdict::Error,
                detail: format!("error[{}]: {}", e.reason, e.message),
            },
        };
        findings.push(Finding {
            check,
            outcome,
            evidence: auditor.take_evidence(),
            ms: began.elapsed().as_millis(),
        });
    }
    Report {
        issuer: auditor.issuer.clone(),
        findings,
        requests: auditor.requests(),
        budget: auditor.budget(),
        ms: start.elapsed().as_millis(),
    }
}

/// How long to wait between requests, and how many in all.
#[derive(Debug, Clone, Copy)]
pub struct Politeness {
    pub pause: Duration,
    pub budget: u32,
}
