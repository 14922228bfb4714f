import CYaml
public func libyamlProbe() -> Bool { var p = yaml_parser_t(); let ok = yaml_parser_initialize(&p) == 1; yaml_parser_delete(&p); return ok }
