// camelcase 6.3.0 and pluralize 8.0.0, ported to C++.
#include "src/schema/naming.h"

#include <cctype>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"

namespace vigil::schema_internal {
namespace {

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSeparator(char c) { return c == '_' || c == '.' || c == '-' || c == ' '; }
// [\p{Alpha}\p{N}_] for ASCII; non-ASCII bytes count as letters (most
// non-ASCII code points a name could hold are alphabetic).
bool IsIdentifierChar(char c) {
  return IsUpper(c) || IsLower(c) || IsDigit(c) || c == '_' ||
         (static_cast<unsigned char>(c) >= 0x80);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string PreserveCamelCase(std::string s) {
  bool last_lower = false;
  bool last_upper = false;
  bool last_last_upper = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (last_lower && IsUpper(c)) {
      s.insert(i, "-");
      last_lower = false;
      last_last_upper = last_upper;
      last_upper = true;
      ++i;
    } else if (last_upper && last_last_upper && IsLower(c)) {
      s.insert(i - 1, "-");
      last_last_upper = last_upper;
      last_upper = false;
      last_lower = true;
    } else {
      last_lower = IsLower(c);
      last_last_upper = last_upper;
      last_upper = IsUpper(c);
    }
  }
  return s;
}

// restoreCase(word, token) from pluralize.
std::string RestoreCase(std::string_view word, const std::string& token) {
  if (word == token) return token;
  if (word == Lower(word)) return Lower(token);
  if (word == Upper(word)) return Upper(token);
  if (!word.empty() && word.substr(0, 1) == Upper(word.substr(0, 1))) {
    if (token.empty()) return token;
    return Upper(token.substr(0, 1)) + Lower(token.substr(1));
  }
  return Lower(token);
}

struct Rule {
  std::regex re;
  std::string replacement;
};

struct Tables {
  absl::flat_hash_map<std::string, std::string> irregular_singles;
  absl::flat_hash_set<std::string> irregular_plurals;
  absl::flat_hash_set<std::string> uncountables;
  std::vector<Rule> plural_rules;  // applied last to first
};

const Tables& GetTables() {
  static const Tables* tables = [] {
    auto* t = new Tables;
    static const std::pair<const char*, const char*> kIrregular[] = {
        {"I", "we"},
        {"me", "us"},
        {"he", "they"},
        {"she", "they"},
        {"them", "them"},
        {"myself", "ourselves"},
        {"yourself", "yourselves"},
        {"itself", "themselves"},
        {"herself", "themselves"},
        {"himself", "themselves"},
        {"themself", "themselves"},
        {"is", "are"},
        {"was", "were"},
        {"has", "have"},
        {"this", "these"},
        {"that", "those"},
        {"echo", "echoes"},
        {"dingo", "dingoes"},
        {"graffito", "graffiti"},
        {"volcano", "volcanoes"},
        {"tornado", "tornadoes"},
        {"torpedo", "torpedoes"},
        {"genus", "genera"},
        {"viscus", "viscera"},
        {"stigma", "stigmata"},
        {"stoma", "stomata"},
        {"dogma", "dogmata"},
        {"lemma", "lemmata"},
        {"schema", "schemata"},
        {"anathema", "anathemata"},
        {"ox", "oxen"},
        {"axe", "axes"},
        {"die", "dice"},
        {"yes", "yeses"},
        {"foot", "feet"},
        {"eave", "eaves"},
        {"goose", "geese"},
        {"tooth", "teeth"},
        {"quiz", "quizzes"},
        {"human", "humans"},
        {"proof", "proofs"},
        {"carve", "carves"},
        {"valve", "valves"},
        {"looey", "looies"},
        {"thief", "thieves"},
        {"groove", "grooves"},
        {"pickaxe", "pickaxes"},
        {"passerby", "passersby"},
    };
    for (const auto& [single, plural] : kIrregular) {
      t->irregular_singles[Lower(single)] = Lower(plural);
      t->irregular_plurals.insert(Lower(plural));
    }
    static const std::pair<const char*, const char*> kPluralRules[] = {
        {"s?$", "s"},
        {"[^\\x00-\\x7F]$", "$0"},
        {"([^aeiou]ese)$", "$1"},
        {"(ax|test)is$", "$1es"},
        {"(alias|[^aou]us|t[lm]as|gas|ris)$", "$1es"},
        {"(e[mn]u)s?$", "$1s"},
        {"([^l]ias|[aeiou]las|[ejzr]as|[iu]am)$", "$1"},
        {"(alumn|syllab|vir|radi|nucle|fung|cact|stimul|termin|bacill|foc|"
         "uter|loc|strat)(?:us|i)$",
         "$1i"},
        {"(alumn|alg|vertebr)(?:a|ae)$", "$1ae"},
        {"(seraph|cherub)(?:im)?$", "$1im"},
        {"(her|at|gr)o$", "$1oes"},
        {"(agend|addend|millenni|dat|extrem|bacteri|desiderat|strat|"
         "candelabr|errat|ov|symposi|curricul|automat|quor)(?:a|um)$",
         "$1a"},
        {"(apheli|hyperbat|periheli|asyndet|noumen|phenomen|criteri|organ|"
         "prolegomen|hedr|automat)(?:a|on)$",
         "$1a"},
        {"sis$", "ses"},
        {"(?:(kni|wi|li)fe|(ar|l|ea|eo|oa|hoo)f)$", "$1$2ves"},
        {"([^aeiouy]|qu)y$", "$1ies"},
        {"([^ch][ieo][ln])ey$", "$1ies"},
        {"(x|ch|ss|sh|zz)$", "$1es"},
        {"(matr|cod|mur|sil|vert|ind|append)(?:ix|ex)$", "$1ices"},
        {"\\b((?:tit)?m|l)(?:ice|ouse)$", "$1ice"},
        {"(pe)(?:rson|ople)$", "$1ople"},
        {"(child)(?:ren)?$", "$1ren"},
        {"eaux$", "$0"},
        {"m[ae]n$", "men"},
        {"^thou$", "you"},  // the string rule 'thou'
    };
    auto flags = std::regex::ECMAScript | std::regex::icase;
    for (const auto& [re, rep] : kPluralRules) {
      t->plural_rules.push_back(Rule{std::regex(re, flags), rep});
    }
    static const char* kUncountable[] = {
        "adulthood", "advice", "agenda", "aid", "aircraft", "alcohol", "ammo",
        "analytics", "anime", "athletics", "audio", "bison", "blood", "bream",
        "buffalo", "butter", "carp", "cash", "chassis", "chess", "clothing",
        "cod", "commerce", "cooperation", "corps", "debris", "diabetes",
        "digestion", "elk", "energy", "equipment", "excretion", "expertise",
        "firmware", "flounder", "fun", "gallows", "garbage", "hardware",
        "headquarters", "health", "herpes", "highjinks", "homework",
        "housework", "information", "jeans", "justice", "kudos", "labour",
        "literature", "machinery", "mackerel", "mail", "media", "mews",
        "moose", "music", "mud", "manga", "news", "only", "personnel", "pike",
        "plankton", "pliers", "police", "pollution", "premises", "rain",
        "research", "rice", "salmon", "scissors", "series", "sewage",
        "shambles", "shrimp", "software", "staff", "swine", "tennis",
        "traffic", "transportation", "trout", "tuna", "wealth", "welfare",
        "whiting", "wildebeest", "wildlife", "you"};
    for (const char* w : kUncountable) t->uncountables.insert(w);
    // Uncountable regexes are added as plural rules with '$0'.
    static const char* kUncountableRules[] = {
        "pok(?:e|\\xC3\\xA9)mon$", "[^aeiou]ese$", "deer$", "fish$",
        "measles$", "o[iu]s$", "pox$", "sheep$"};
    for (const char* re : kUncountableRules) {
      t->plural_rules.push_back(Rule{std::regex(re, flags), "$0"});
    }
    return t;
  }();
  return *tables;
}

// pluralize's replace(word, rule): String.prototype.replace with the first
// match, interpolating $N and restoring case.
std::string ApplyRule(const std::string& word, const Rule& rule) {
  std::smatch m;
  if (!std::regex_search(word, m, rule.re)) return word;
  std::string result;
  const std::string& rep = rule.replacement;
  for (size_t i = 0; i < rep.size(); ++i) {
    if (rep[i] == '$' && i + 1 < rep.size() && IsDigit(rep[i + 1])) {
      size_t j = i + 1;
      size_t index = static_cast<size_t>(rep[j] - '0');
      if (j + 1 < rep.size() && IsDigit(rep[j + 1])) {
        index = index * 10 + static_cast<size_t>(rep[j + 1] - '0');
        ++j;
      }
      // args = [match, p1..pn, offset, string]; a missing or unmatched
      // group gives ''.
      if (index < m.size()) {
        if (m[index].matched) result += m[index].str();
      } else if (index == m.size()) {
        result += std::to_string(m.position(0));
      } else if (index == m.size() + 1) {
        result += word;
      }
      i = j;
    } else {
      result += rep[i];
    }
  }
  std::string match = m[0].str();
  std::string restored;
  if (match.empty()) {
    // restoreCase(word[index - 1], result), where `index` is the callback's
    // second argument: the first group when there is one, else the offset.
    std::string_view ch;
    if (m.size() > 1) {
      // Not reachable with the built-in rules (only /s?$/ can match empty).
      ch = "";
    } else {
      size_t pos = static_cast<size_t>(m.position(0));
      if (pos >= 1 && pos - 1 < word.size()) {
        ch = std::string_view(word).substr(pos - 1, 1);
      }
    }
    if (ch.empty()) {
      // JS: restoreCase(undefined, result) -> undefined.toLowerCase throws;
      // unreachable for non-empty words.
      restored = Lower(result);
    } else {
      restored = RestoreCase(ch, result);
    }
  } else {
    restored = RestoreCase(match, result);
  }
  return word.substr(0, static_cast<size_t>(m.position(0))) + restored +
         m.suffix().str();
}

}  // namespace

std::string CamelCase(std::string_view raw) {
  // input.trim()
  size_t b = 0;
  size_t e = raw.size();
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
  };
  while (b < e && is_space(raw[b])) ++b;
  while (e > b && is_space(raw[e - 1])) --e;
  std::string input(raw.substr(b, e - b));
  if (input.empty()) return "";
  if (input.size() == 1) return Lower(input);
  bool has_upper = input != Lower(input);
  if (has_upper) input = PreserveCamelCase(input);
  // LEADING_SEPARATORS
  size_t lead = 0;
  while (lead < input.size() && IsSeparator(input[lead])) ++lead;
  input.erase(0, lead);
  input = Lower(input);
  // SEPARATORS_AND_IDENTIFIER: /[_.\- ]+([\p{Alpha}\p{N}_]|$)/gu
  std::string step;
  for (size_t i = 0; i < input.size();) {
    if (IsSeparator(input[i])) {
      size_t j = i;
      while (j < input.size() && IsSeparator(input[j])) ++j;
      if (j == input.size()) {
        i = j;  // matched with $: removed
        continue;
      }
      if (IsIdentifierChar(input[j])) {
        step += static_cast<char>(
            std::toupper(static_cast<unsigned char>(input[j])));
        i = j + 1;
        continue;
      }
      // Backtracking cannot help: every shorter run is followed by a
      // separator, which is not an identifier character. No match here.
      step += input[i];
      ++i;
      continue;
    }
    step += input[i];
    ++i;
  }
  // NUMBERS_AND_IDENTIFIER: /\d+([\p{Alpha}\p{N}_]|$)/gu -> upper-cased.
  std::string out;
  for (size_t i = 0; i < step.size();) {
    if (IsDigit(step[i])) {
      size_t j = i;
      while (j < step.size() && IsDigit(step[j])) ++j;
      if (j == step.size()) {
        out.append(step, i, j - i);
        i = j;
        continue;
      }
      if (IsIdentifierChar(step[j])) {
        out.append(step, i, j - i);
        out += static_cast<char>(
            std::toupper(static_cast<unsigned char>(step[j])));
        i = j + 1;
        continue;
      }
      out.append(step, i, j - i);
      i = j;
      continue;
    }
    out += step[i];
    ++i;
  }
  return out;
}

std::string Pluralize(std::string_view word_view) {
  const Tables& t = GetTables();
  std::string word(word_view);
  std::string token = Lower(word);
  if (t.irregular_plurals.contains(token)) return RestoreCase(word, token);
  auto it = t.irregular_singles.find(token);
  if (it != t.irregular_singles.end()) return RestoreCase(word, it->second);
  if (token.empty() || t.uncountables.contains(token)) return word;
  for (size_t i = t.plural_rules.size(); i-- > 0;) {
    const Rule& rule = t.plural_rules[i];
    if (std::regex_search(word, rule.re)) return ApplyRule(word, rule);
  }
  return word;
}

std::string LeadingUnderscores(std::string_view name) {
  size_t n = 0;
  while (n < name.size() && name[n] == '_') ++n;
  if (n == 0) return "";
  if (n == name.size()) --n;  // /^(_+).+/ needs one more character
  return std::string(n, '_');
}

}  // namespace vigil::schema_internal
