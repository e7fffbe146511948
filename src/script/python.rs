//! One Python file → [`ModuleFacts`]: what sagespec needs to know about it, read from its
//! syntax tree (tree-sitter's Python grammar), never by running it.
//!
//! The walk is iterative (a tree cursor), so deeply nested code cannot overflow the stack.
//! Names are resolved the way the file's imports bind them (`import torch.distributed as
//! dist` makes `dist.init_process_group` `torch.distributed.init_process_group`), without
//! Python's scopes: a name bound twice to different parsers makes both unknown rather than
//! guessed. Whatever cannot be read statically (a parser built with `**kwargs`, options
//! from variables, a parser handed to another function, `sys.argv` rewritten) is recorded
//! as unknown, and the rules say nothing about it.

use std::collections::{HashMap, HashSet};

use tree_sitter::{Node, Parser, Tree};

use crate::facts::training_script::{
    CHANNEL_DATA_DIR, CHANNEL_ENV_PREFIX, PROCESS_GROUP_CALLS, RENDEZVOUS_VARIABLE, SMDDP_INITS,
};
use crate::source::Span;

/// A place in the file.
pub type Site = Span;

/// What one Python file does that the script rules look at.
#[derive(Clone, Debug, Default)]
pub struct ModuleFacts {
    /// The modules it imports, in source order.
    pub imports: Vec<Import>,
    /// Its calls of interest: those that initialise SMDDP or start a process group.
    pub calls: Vec<Call>,
    /// The argparse parsers it builds.
    pub parsers: Vec<ArgParser>,
    /// The channels it reads, by environment variable or by path.
    pub channels: Vec<ChannelRead>,
    /// Where it sets up a rendezvous of its own (mentions `MASTER_ADDR`).
    pub own_rendezvous: Option<Site>,
    /// Where it imports or runs code by a name known only when it runs (`importlib`,
    /// `__import__`, `exec`, `runpy`): what it then does cannot be known.
    pub dynamic: Option<Site>,
    /// Whether the parser met a syntax error (the file's facts may then be incomplete).
    pub syntax_error: bool,
    /// The file's first statement (where a label about the whole file goes).
    pub first_statement: Site,
}

/// One imported module.
#[derive(Clone, Debug)]
pub struct Import {
    /// The dotted module name as written (`a.b` in `import a.b` and `from a.b import c`;
    /// for a relative import, the part after the dots, maybe empty).
    pub module: String,
    /// How many leading dots (0 for an absolute import).
    pub level: usize,
    /// For `from … import x, y`: the names imported (`*` for a wildcard).
    pub names: Vec<String>,
    /// The statement.
    pub site: Site,
}

/// A literal argument, or something else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Argument {
    /// A plain string literal's value.
    Text(String),
    /// `True` or `False`.
    Flag(bool),
    /// Any other expression.
    Other,
}

/// A call of interest.
#[derive(Clone, Debug)]
pub struct Call {
    /// The called name with the file's import aliases resolved
    /// (`torch.distributed.init_process_group`), or as written when not bound by an import.
    pub name: String,
    /// Its positional arguments.
    pub positional: Vec<Argument>,
    /// Its keyword arguments.
    pub keywords: Vec<(String, Argument)>,
    /// Whether it spreads `*args` or `**kwargs` (its arguments are then unknown).
    pub splat: bool,
    /// The call.
    pub site: Site,
}

impl Call {
    /// The last part of its name.
    pub fn last_name(&self) -> &str {
        self.name.rsplit('.').next().unwrap_or(&self.name)
    }

    /// The argument at `position` or under `keyword`, if given.
    pub fn argument(&self, position: usize, keyword: &str) -> Option<&Argument> {
        self.keyword(keyword).or_else(|| self.positional.get(position))
    }

    /// The keyword argument `keyword`, if given.
    pub fn keyword(&self, keyword: &str) -> Option<&Argument> {
        self.keywords.iter().find(|(k, _)| k == keyword).map(|(_, a)| a)
    }

    /// Whether a keyword argument `keyword` is given.
    pub fn has_keyword(&self, keyword: &str) -> bool {
        self.keywords.iter().any(|(k, _)| k == keyword)
    }
}

/// An argparse parser the file builds.
#[derive(Clone, Debug, Default)]
pub struct ArgParser {
    /// The option strings its arguments declare (`--epochs`, `-e`), in order.
    pub options: Vec<String>,
    /// Whether it accepts unique prefixes of long options (argparse's `allow_abbrev`).
    pub allow_abbrev: bool,
    /// Whether every option is known: built with literal arguments only, never handed to
    /// other code, never given parents or subcommands.
    pub known: bool,
    /// Its `parse_args()` calls that read `sys.argv` and exit on an argument they do not
    /// declare (not `parse_known_args()`).
    pub strict_parses: Vec<Site>,
}

/// A channel the file reads.
#[derive(Clone, Debug)]
pub struct ChannelRead {
    /// The channel's name as the script spells it (`VALIDATION` from `SM_CHANNEL_VALIDATION`,
    /// `validation` from `/opt/ml/input/data/validation`).
    pub name: String,
    /// Whether it was read by environment variable (the name is then upper case).
    pub by_env: bool,
    /// The string that names it.
    pub site: Site,
}

/// Parses `text` and reads its facts. A text tree-sitter cannot parse at all yields facts
/// marked [`ModuleFacts::syntax_error`].
pub fn read(text: &str) -> ModuleFacts {
    let Some(tree) = parse(text) else {
        return ModuleFacts { syntax_error: true, ..ModuleFacts::default() };
    };
    Reader::new(text).read(&tree)
}

fn parse(text: &str) -> Option<Tree> {
    let mut parser = Parser::new();
    parser.set_language(&tree_sitter_python::LANGUAGE.into()).ok()?;
    parser.parse(text, None)
}

/// The last names of the calls worth keeping, besides the argparse ones.
fn kept_call(last: &str) -> bool {
    PROCESS_GROUP_CALLS.iter().any(|(name, _)| *name == last)
        || SMDDP_INITS.iter().any(|init| init.call.rsplit('.').next() == Some(last))
}

/// Calls that import or run code named at run time.
const DYNAMIC_CALLS: &[&str] =
    &["importlib.import_module", "__import__", "exec", "runpy.run_path", "runpy.run_module", "import_module"];

/// argparse methods that make a parser's options unknowable.
const OPAQUE_PARSER_METHODS: &[&str] = &["add_subparsers", "convert_arg_line_to_args"];

/// What a name in the file refers to, for the parser bookkeeping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Binding {
    /// The parser with this index (a parser, or one of its argument groups).
    Parser(usize),
    /// Bound to several different things: unknown.
    Ambiguous,
}

/// A method call on a plain name, kept until every name's binding is known.
struct MethodCall<'t> {
    receiver: String,
    method: String,
    node: Node<'t>,
}

struct Reader<'s> {
    text: &'s str,
    facts: ModuleFacts,
    /// Import bindings: local name → dotted module or member.
    imported: HashMap<String, String>,
    /// Calls by their names as written, resolved once every import is seen.
    raw_calls: Vec<(String, Node<'s>)>,
    /// Names bound to parsers or groups.
    bindings: HashMap<String, Binding>,
    /// Method calls on names (`parser.add_argument(…)`), in source order.
    methods: Vec<MethodCall<'s>>,
    /// Names passed to calls or returned: a parser among them may be changed elsewhere.
    escaped: HashSet<String>,
    /// Whether the file rewrites `sys.argv`.
    argv_rewritten: bool,
    /// `name = ArgumentParser(…)` assignments, in source order.
    constructions: Vec<(String, Call)>,
}

impl<'s> Reader<'s> {
    fn new(text: &'s str) -> Self {
        Self {
            text,
            facts: ModuleFacts::default(),
            imported: HashMap::new(),
            raw_calls: Vec::new(),
            bindings: HashMap::new(),
            methods: Vec::new(),
            escaped: HashSet::new(),
            argv_rewritten: false,
            constructions: Vec::new(),
        }
    }

    fn read(mut self, tree: &'s Tree) -> ModuleFacts {
        let root = tree.root_node();
        self.facts.syntax_error = root.has_error();
        self.facts.first_statement = root.named_child(0).map_or(Span::new(0, 0), |n| self.first_line(n));
        let mut cursor = root.walk();
        // Pre-order walk without recursion.
        'walk: loop {
            let node = cursor.node();
            self.visit(node);
            if cursor.goto_first_child() {
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    continue 'walk;
                }
                if !cursor.goto_parent() {
                    break 'walk;
                }
            }
        }
        self.finish()
    }

    fn text_of(&self, node: Node<'_>) -> &'s str {
        node.utf8_text(self.text.as_bytes()).unwrap_or_default()
    }

    fn site(node: Node<'_>) -> Site {
        Span::new(node.start_byte(), node.end_byte() - node.start_byte())
    }

    /// The first line of a statement (a label on a whole function would cover pages).
    fn first_line(&self, node: Node<'_>) -> Site {
        let start = node.start_byte();
        let end = node.end_byte().min(self.text[start..].find('\n').map_or(self.text.len(), |i| start + i));
        Span::new(start, end - start)
    }

    fn visit(&mut self, node: Node<'s>) {
        match node.kind() {
            "import_statement" => self.import(node),
            "import_from_statement" => self.import_from(node),
            "call" => self.call(node),
            "string" => self.string(node),
            "return_statement" => {
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    if child.kind() == "identifier" {
                        self.escaped.insert(self.text_of(child).to_owned());
                    }
                }
            }
            "attribute" if self.text_of(node) == "sys.argv" && Self::is_written(node) => {
                self.argv_rewritten = true;
            }
            _ => {}
        }
    }

    /// Whether `node` (or the subscript it is the value of) is assigned, deleted, or the
    /// receiver of a method call (`sys.argv.append`).
    fn is_written(node: Node<'_>) -> bool {
        let mut target = node;
        if let Some(parent) = node.parent().filter(|p| p.kind() == "subscript") {
            target = parent;
        }
        let Some(parent) = target.parent() else {
            return false;
        };
        match parent.kind() {
            "assignment" | "augmented_assignment" => parent.child_by_field_name("left") == Some(target),
            "delete_statement" => true,
            "attribute" => parent.child_by_field_name("object") == Some(target),
            _ => false,
        }
    }

    fn import(&mut self, node: Node<'s>) {
        let mut cursor = node.walk();
        for child in node.children_by_field_name("name", &mut cursor) {
            let (module, alias) = match child.kind() {
                "aliased_import" => (
                    child.child_by_field_name("name").map(|n| self.text_of(n)).unwrap_or_default(),
                    child.child_by_field_name("alias").map(|n| self.text_of(n)),
                ),
                _ => (self.text_of(child), None),
            };
            let module = compact(module);
            if let Some(alias) = alias {
                self.imported.insert(alias.to_owned(), module.clone());
            } else {
                let first = module.split('.').next().unwrap_or_default().to_owned();
                self.imported.insert(first.clone(), first);
            }
            self.facts.imports.push(Import { module, level: 0, names: Vec::new(), site: Self::site(node) });
        }
    }

    fn import_from(&mut self, node: Node<'s>) {
        let Some(from) = node.child_by_field_name("module_name") else {
            return;
        };
        let (module, level) = if from.kind() == "relative_import" {
            let text = compact(self.text_of(from));
            let level = text.chars().take_while(|c| *c == '.').count();
            (text[level..].to_owned(), level)
        } else {
            (compact(self.text_of(from)), 0)
        };
        let mut names = Vec::new();
        let mut cursor = node.walk();
        for child in node.children_by_field_name("name", &mut cursor) {
            let (name, alias) = match child.kind() {
                "aliased_import" => (
                    child.child_by_field_name("name").map(|n| self.text_of(n)).unwrap_or_default(),
                    child.child_by_field_name("alias").map(|n| self.text_of(n)),
                ),
                _ => (self.text_of(child), None),
            };
            let name = compact(name);
            if level == 0 {
                self.imported.insert(alias.unwrap_or(&name).to_owned(), format!("{module}.{name}"));
            }
            names.push(name);
        }
        let mut cursor = node.walk();
        if node.named_children(&mut cursor).any(|c| c.kind() == "wildcard_import") {
            names.push("*".to_owned());
        }
        self.facts.imports.push(Import { module, level, names, site: Self::site(node) });
    }

    fn string(&mut self, node: Node<'s>) {
        // Docstrings are prose, not reads.
        if node.parent().is_some_and(|p| p.kind() == "expression_statement") {
            return;
        }
        let Some(value) = self.literal(node) else {
            return;
        };
        if value == RENDEZVOUS_VARIABLE && self.facts.own_rendezvous.is_none() {
            self.facts.own_rendezvous = Some(Self::site(node));
        }
        let read = if let Some(name) = value.strip_prefix(CHANNEL_ENV_PREFIX) {
            Some((name, true))
        } else {
            value.strip_prefix(CHANNEL_DATA_DIR).map(|rest| (rest.split('/').next().unwrap_or_default(), false))
        };
        if let Some((name, by_env)) = read.filter(|(name, _)| is_channel_name(name)) {
            self.facts.channels.push(ChannelRead { name: name.to_owned(), by_env, site: Self::site(node) });
        }
    }

    /// The value of a plain string literal (no interpolation, not bytes, not an f-string),
    /// with any escape sequences kept as written (the names it is compared with have none).
    fn literal(&self, node: Node<'_>) -> Option<String> {
        if node.kind() != "string" {
            return None;
        }
        let mut value = String::new();
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            match child.kind() {
                "string_start" => {
                    let prefix = self.text_of(child).to_ascii_lowercase();
                    if prefix.contains('b') || prefix.contains('f') {
                        return None;
                    }
                }
                "string_content" => value.push_str(self.text_of(child)),
                "string_end" => {}
                _ => return None,
            }
        }
        Some(value)
    }

    fn argument(&self, node: Node<'_>) -> Argument {
        match node.kind() {
            "true" => Argument::Flag(true),
            "false" => Argument::Flag(false),
            _ => self.literal(node).map_or(Argument::Other, Argument::Text),
        }
    }

    fn call(&mut self, node: Node<'s>) {
        let Some(function) = node.child_by_field_name("function") else {
            return;
        };
        // Names handed to any call may be changed there.
        if let Some(arguments) = node.child_by_field_name("arguments") {
            let mut cursor = arguments.walk();
            for argument in arguments.named_children(&mut cursor) {
                let value = if argument.kind() == "keyword_argument" {
                    argument.child_by_field_name("value")
                } else {
                    Some(argument)
                };
                if let Some(value) = value.filter(|v| v.kind() == "identifier") {
                    self.escaped.insert(self.text_of(value).to_owned());
                }
            }
        }
        let Some(written) = dotted(function, self.text) else {
            return;
        };
        let last = written.rsplit('.').next().unwrap_or(&written).to_owned();
        if function.kind() == "attribute"
            && let Some(receiver) = function.child_by_field_name("object").filter(|o| o.kind() == "identifier")
        {
            self.methods.push(MethodCall { receiver: self.text_of(receiver).to_owned(), method: last.clone(), node });
        }
        if last == "ArgumentParser" {
            if let Some(name) = assigned_name(node, self.text) {
                let call = self.call_arguments(node, written.clone());
                self.constructions.push((name.to_owned(), call));
            }
        } else {
            // Kept until every import is seen: `sdp_init` may be an alias of `init`.
            self.raw_calls.push((written, node));
        }
    }

    fn call_arguments(&self, node: Node<'_>, name: String) -> Call {
        let mut call =
            Call { name, positional: Vec::new(), keywords: Vec::new(), splat: false, site: Self::site(node) };
        if let Some(arguments) = node.child_by_field_name("arguments") {
            let mut cursor = arguments.walk();
            for argument in arguments.named_children(&mut cursor) {
                match argument.kind() {
                    "keyword_argument" => {
                        let key = argument.child_by_field_name("name").map(|n| self.text_of(n)).unwrap_or_default();
                        let value = argument.child_by_field_name("value").map_or(Argument::Other, |v| self.argument(v));
                        call.keywords.push((key.to_owned(), value));
                    }
                    "list_splat" | "dictionary_splat" => call.splat = true,
                    "comment" => {}
                    _ => call.positional.push(self.argument(argument)),
                }
            }
        }
        call
    }

    /// A name with its import alias resolved.
    fn resolve(&self, written: &str) -> String {
        let (first, rest) = written.split_once('.').map_or((written, None), |(f, r)| (f, Some(r)));
        match (self.imported.get(first), rest) {
            (Some(bound), Some(rest)) => format!("{bound}.{rest}"),
            (Some(bound), None) => bound.clone(),
            (None, _) => written.to_owned(),
        }
    }

    fn finish(mut self) -> ModuleFacts {
        let calls = std::mem::take(&mut self.raw_calls);
        for (written, node) in calls {
            let name = self.resolve(&written);
            if DYNAMIC_CALLS.contains(&name.as_str()) {
                self.facts.dynamic.get_or_insert(Self::site(node));
                continue;
            }
            if kept_call(name.rsplit('.').next().unwrap_or(&name)) {
                let call = self.call_arguments(node, name);
                self.facts.calls.push(call);
            }
        }
        self.parsers();
        self.facts
    }

    /// Builds the parsers from the assignments and method calls seen.
    fn parsers(&mut self) {
        let methods = std::mem::take(&mut self.methods);
        // Parsers first: every `x = argparse.ArgumentParser(…)`.
        for (name, call) in std::mem::take(&mut self.constructions) {
            let index = self.facts.parsers.len();
            self.facts.parsers.push(constructed(&call));
            self.bind(&name, index);
        }
        // Groups: `g = parser.add_argument_group(…)` binds `g` to the parser.
        for method in &methods {
            if matches!(method.method.as_str(), "add_argument_group" | "add_mutually_exclusive_group")
                && let Some(Binding::Parser(index)) = self.bindings.get(&method.receiver).copied()
            {
                match assigned_name(method.node, self.text) {
                    Some(name) => self.bind(name, index),
                    None => self.facts.parsers[index].known = false,
                }
            }
        }
        for method in &methods {
            let Some(Binding::Parser(index)) = self.bindings.get(&method.receiver).copied() else {
                continue;
            };
            let call = self.call_arguments(method.node, method.method.clone());
            match method.method.as_str() {
                "add_argument" => {
                    let options: Option<Vec<String>> = if call.splat {
                        None
                    } else {
                        call.positional
                            .iter()
                            .map(|a| match a {
                                Argument::Text(t) => Some(t.clone()),
                                Argument::Flag(_) | Argument::Other => None,
                            })
                            .collect()
                    };
                    match options {
                        Some(options) => self.facts.parsers[index].options.extend(options),
                        None => self.facts.parsers[index].known = false,
                    }
                }
                "parse_args" | "parse_intermixed_args" => {
                    let reads_argv = call.positional.is_empty() && !call.has_keyword("args") && !call.splat;
                    if reads_argv {
                        self.facts.parsers[index].strict_parses.push(call.site);
                    } else {
                        self.facts.parsers[index].known = false;
                    }
                }
                method if OPAQUE_PARSER_METHODS.contains(&method) => self.facts.parsers[index].known = false,
                _ => {}
            }
        }
        let escaped: Vec<usize> = self
            .bindings
            .iter()
            .filter(|(name, _)| self.escaped.contains(*name))
            .filter_map(|(_, b)| match b {
                Binding::Parser(i) => Some(*i),
                Binding::Ambiguous => None,
            })
            .collect();
        for index in escaped {
            self.facts.parsers[index].known = false;
        }
        if self.argv_rewritten {
            for parser in &mut self.facts.parsers {
                parser.known = false;
            }
        }
        // An empty option string is not one argparse would accept: unknown.
        for parser in &mut self.facts.parsers {
            if parser.options.iter().any(String::is_empty) {
                parser.known = false;
            }
        }
    }

    fn bind(&mut self, name: &str, index: usize) {
        match self.bindings.get(name).copied() {
            None => {
                self.bindings.insert(name.to_owned(), Binding::Parser(index));
            }
            Some(Binding::Parser(other)) if other == index => {}
            Some(Binding::Parser(other)) => {
                self.facts.parsers[other].known = false;
                self.facts.parsers[index].known = false;
                self.bindings.insert(name.to_owned(), Binding::Ambiguous);
            }
            Some(Binding::Ambiguous) => self.facts.parsers[index].known = false,
        }
    }
}

/// The parser an `ArgumentParser(…)` call builds: known unless it spreads arguments, takes
/// parents (options from elsewhere), other prefix characters, or does not exit on errors.
fn constructed(call: &Call) -> ArgParser {
    let allow_abbrev = call.keyword("allow_abbrev");
    let known = !call.splat
        && !call.has_keyword("parents")
        && !call.has_keyword("prefix_chars")
        && !call.has_keyword("exit_on_error")
        && matches!(allow_abbrev, None | Some(Argument::Flag(_)));
    ArgParser {
        options: Vec::new(),
        allow_abbrev: allow_abbrev != Some(&Argument::Flag(false)),
        known,
        strict_parses: Vec::new(),
    }
}

/// The name a call's value is assigned to (`name = call(…)`), if it is a plain name.
fn assigned_name<'t>(call: Node<'_>, text: &'t str) -> Option<&'t str> {
    let parent = call.parent().filter(|p| p.kind() == "assignment")?;
    let left = parent.child_by_field_name("left").filter(|l| l.kind() == "identifier")?;
    (parent.child_by_field_name("right")? == call).then(|| left.utf8_text(text.as_bytes()).ok()).flatten()
}

/// `a.b.c` for a name or an attribute chain of names; `None` for anything else.
fn dotted(node: Node<'_>, text: &str) -> Option<String> {
    match node.kind() {
        "identifier" => node.utf8_text(text.as_bytes()).ok().map(str::to_owned),
        "attribute" => {
            let object = dotted(node.child_by_field_name("object")?, text)?;
            let attribute = node.child_by_field_name("attribute")?.utf8_text(text.as_bytes()).ok()?;
            Some(format!("{object}.{attribute}"))
        }
        _ => None,
    }
}

/// A dotted name without the spaces or comments Python allows inside it.
fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether `name` can be a channel's name (`[A-Za-z0-9.\-_]+`, the API's pattern).
fn is_channel_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}
