"""Field descriptions: the docstring written below a field is what the JSON Schema says of it.

    class Limits(Spec):
        max_output: TokenSize | None = None
        '''Most tokens generated in one response.'''

    field_docs(Limits)["max_output"]                              # 'Most tokens generated in one response.'
    Limits.model_json_schema(schema_generator=DescribedSchema)    # ...its "description" is that text

Pydantic can read these docstrings itself (`use_attribute_docstrings`), but it parses each
class's source when the class is made, a cost every command paid at startup. Here a module's
source is parsed once, and only by what writes a JSON Schema (`catalog schema`, the site's API)
or checks that every field has a description.
"""

from __future__ import annotations

import ast
import functools
import inspect
import sys
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema


def field_docs(cls: type[BaseModel]) -> dict[str, str]:
    """Field name -> the docstring below it, for each documented field of `cls`; an inherited
    field keeps the docstring of the class that last declares it (as pydantic would)."""
    docs: dict[str, str] = {}
    for owner in reversed(cls.__mro__):
        declared = [name for name in vars(owner).get("__annotations__", {}) if name in cls.model_fields]
        if not declared:  # BaseModel, object, mixins: no source to read
            continue
        written = _module_docs(owner.__module__).get(owner.__qualname__, {})
        for name in declared:
            if name in written:
                docs[name] = written[name]
            else:  # declared again without a docstring: no longer described
                docs.pop(name, None)
    return docs


@functools.cache
def _module_docs(module: str) -> Mapping[str, Mapping[str, str]]:
    """Class name -> field name -> docstring, for the classes at the top of a module."""
    try:
        tree = ast.parse(inspect.getsource(sys.modules[module]))
    except (KeyError, OSError, TypeError):  # made at run time, or shipped without source
        return {}
    return {node.name: _class_docs(node) for node in tree.body if isinstance(node, ast.ClassDef)}


def _class_docs(node: ast.ClassDef) -> dict[str, str]:
    docs = {}
    for statement, following in zip(node.body, node.body[1:]):
        if (isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)
                and isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)):
            docs[statement.target.id] = inspect.cleandoc(following.value.value)
    return docs


class DescribedSchema(GenerateJsonSchema):
    """Pydantic's JSON Schema with each field described by its docstring (`field_docs`): pass it
    as `schema_generator=` wherever a schema is written."""

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        json_schema = super().model_schema(schema)
        cls: Any = schema["cls"]
        properties = json_schema.get("properties", {})
        for name, doc in field_docs(cls).items():
            # Field(description=...) wins, as in pydantic; a docstring overrides its type's.
            if name in properties and cls.model_fields[name].description is None:
                properties[name] = {**properties[name], "description": doc}
        return json_schema
