#pragma once

class QLabel;
class QWidget;

/// The top of a module's settings, the same for every kind: its title in large bold type and
/// its number as a badge (the number mappings use, such as {{1.data}}).
namespace ModuleHeader {

QLabel *makeTitle(QWidget *parent);
QLabel *makeBadge(QWidget *parent);

} // namespace ModuleHeader
