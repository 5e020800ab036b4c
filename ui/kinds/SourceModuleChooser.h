#pragma once

#include "core/model/Module.h"

#include <QComboBox>

class Scenario;

/// An aggregator's "Source module": a drop-down of the modules that can feed it, those
/// linked before it on its way (core/model/FlowGraph).
class SourceModuleChooser : public QComboBox
{
    Q_OBJECT
public:
    explicit SourceModuleChooser(QWidget *parent = nullptr);

    /// Lists the modules before `module` and selects `source` (0: none chosen yet).
    void fill(const Scenario &scenario, ModuleId module, ModuleId source);
    /// The chosen module; 0 when none.
    ModuleId source() const;
};
