// Out-of-line members of the syntax tree.
#include "src/syntax/ast.h"

#include <memory>
#include <string_view>

namespace vigil::ast {

ObjectField::ObjectField(const ObjectField& o)
    : name(o.name),
      name_span(o.name_span),
      value(o.value ? std::make_unique<Value>(*o.value) : nullptr) {}

ObjectField& ObjectField::operator=(const ObjectField& o) {
  if (this != &o) {
    name = o.name;
    name_span = o.name_span;
    value = o.value ? std::make_unique<Value>(*o.value) : nullptr;
  }
  return *this;
}

const ObjectField* Value::FindField(std::string_view name) const {
  for (const ObjectField& f : fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const Argument* Directive::FindArgument(std::string_view name) const {
  for (const Argument& a : arguments) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

const Argument* Selection::FindArgument(std::string_view name) const {
  for (const Argument& a : arguments) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

TypeRef::TypeRef(const TypeRef& o)
    : kind(o.kind),
      name(o.name),
      inner(o.inner ? std::make_unique<TypeRef>(*o.inner) : nullptr),
      span(o.span) {}

TypeRef& TypeRef::operator=(const TypeRef& o) {
  if (this != &o) {
    kind = o.kind;
    name = o.name;
    inner = o.inner ? std::make_unique<TypeRef>(*o.inner) : nullptr;
    span = o.span;
  }
  return *this;
}

const std::string& TypeRef::NamedType() const {
  const TypeRef* t = this;
  while (t->kind != Kind::kNamed && t->inner) t = t->inner.get();
  return t->name;
}

bool TypeRef::IsList() const {
  if (kind == Kind::kList) return true;
  return kind == Kind::kNonNull && inner && inner->kind == Kind::kList;
}

bool TypeRef::IsNonNull() const { return kind == Kind::kNonNull; }

namespace {
const Directive* FindIn(const std::vector<Directive>& ds,
                        std::string_view name) {
  for (const Directive& d : ds) {
    if (d.name == name) return &d;
  }
  return nullptr;
}
}  // namespace

const Directive* FieldDefinition::FindDirective(std::string_view name) const {
  return FindIn(directives, name);
}

const Directive* TypeDefinition::FindDirective(std::string_view name) const {
  return FindIn(directives, name);
}

}  // namespace vigil::ast
