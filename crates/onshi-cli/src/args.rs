//! The arguments many commands share, each declared once and flattened into every command that
//! takes it (`#[command(flatten)]`), so a flag reads and behaves the same wherever it appears.

use std::path::PathBuf;

use clap::Args;
use onshi::{Lang, RuleSet};

use crate::{Failure, load_rules};

/// `--rules FILE`: the rule table to use instead of the built-in one.
#[derive(Args)]
pub(crate) struct RuleTable {
    /// A rule table (complete, or an overlay with "extends": "builtin").
    #[arg(long)]
    pub(crate) rules: Option<PathBuf>,
}

impl RuleTable {
    /// The table given with `--rules`, or the built-in one.
    pub(crate) fn load(&self) -> Result<RuleSet, Failure> {
        load_rules(self.rules.as_deref())
    }
}

/// `--lang ja|en`: the language of the words printed.
#[derive(Args)]
pub(crate) struct Language {
    /// Message language.
    #[arg(long, value_parser = crate::vocabulary::<Lang>(), default_value = "ja")]
    pub(crate) lang: Lang,
}

/// `--json`: JSON on standard output instead of text. A command whose JSON needs a word more (it
/// holds personal fields, or one object per line) says so with `mut_arg("json", …)`.
#[derive(Args)]
pub(crate) struct Output {
    /// Print as JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

/// `--rules`, `--lang` and `--json`, in this order: what a command that works with the rule table
/// and prints its answer as words or JSON takes.
#[derive(Args)]
pub(crate) struct Common {
    #[command(flatten)]
    pub(crate) table: RuleTable,
    #[command(flatten)]
    pub(crate) words: Language,
    #[command(flatten)]
    pub(crate) output: Output,
}
