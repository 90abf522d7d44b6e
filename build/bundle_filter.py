"""What the bundle leaves out: unused Qt modules, plugins, translations, and Linux-only extras.

Kept out of the spec so the rules can be unit-tested (tests/test_packaging.py).
"""
from __future__ import annotations

# Qt modules the app does not use. PyInstaller only collects what is imported, but this makes
# sure an optional import somewhere (a library probing for QtQml, QtNetwork, ...) cannot drag
# in QML/Quick, whose libraries and plugins are tens of MB.
QT_EXCLUDES = [
    f"PySide6.{m}" for m in (
        "QtQml", "QtQuick", "QtQuickControls2", "QtQuickWidgets", "QtQuickTest", "QtQmlFeatures",
        "Qt3DCore", "Qt3DRender", "Qt3DInput", "Qt3DLogic", "Qt3DAnimation", "Qt3DExtras",
        "QtWebEngineCore", "QtWebEngineWidgets", "QtWebEngineQuick", "QtWebChannel", "QtWebSockets",
        "QtMultimedia", "QtMultimediaWidgets", "QtCharts", "QtDataVisualization", "QtGraphs",
        "QtDesigner", "QtHelp", "QtUiTools", "QtTest", "QtSql", "QtOpenGL", "QtOpenGLWidgets",
        "QtNetwork", "QtBluetooth", "QtPositioning", "QtLocation", "QtSensors", "QtSerialPort",
        "QtRemoteObjects", "QtScxml", "QtStateMachine", "QtTextToSpeech", "QtPdf", "QtPdfWidgets",
        "QtConcurrent", "QtDBus", "QtLabsStyleKit", "QtXml", "QtSpatialAudio", "QtHttpServer",
    )
]
PY_EXCLUDES = [
    "tkinter", "_tkinter", "pytest", "_pytest", "pytestqt", "hypothesis", "IPython",
    "matplotlib", "pandas", "PyInstaller", "setuptools", "pkg_resources", "pip",
    # Pillow formats a government report never contains (AVIF alone is ~5 MB of libraries).
    "PIL._avif", "PIL.AvifImagePlugin", "PIL.ImageTk", "PIL._imagingtk", "PIL.ImageQt",
    # lxml parts neither python-docx nor the HTML reader use (lxml's hook collects everything).
    "lxml.objectify", "lxml.isoschematron", "lxml.html.diff", "lxml.html._difflib",
    # pywin32: only win32com (COM automation of Word/WPS) is used, not the MFC-based Pythonwin
    # (win32ui needs mfc140u.dll, which the bundle does not carry).
    "win32ui", "win32uiole", "dde", "pywin",
]

# Bundled files (Qt libraries/plugins/translations) the app does not need. Matched against
# the destination path, lower case, with forward slashes.
DROP_FILE_PARTS = (
    "opengl32sw",               # 20 MB software OpenGL for Windows; widgets do not need it
    "qt6quick", "qt6qml", "qt6pdf", "qt6virtualkeyboard", "qt6designer",
    "/qml/", "qmltooling", "qtvirtualkeyboard",
    # Image formats the window never shows (it uses PNG, SVG and ICO).
    "imageformats/qtiff", "imageformats/qwebp", "imageformats/qicns", "imageformats/qtga",
    "imageformats/qwbmp", "imageformats/libqtiff", "imageformats/libqwebp", "imageformats/libqicns",
    "imageformats/libqtga", "imageformats/libqwbmp",
    # Linux only (the CI bundle): embedded/VNC/Wayland platforms and the GTK theme plugin,
    # which drags in GTK, cairo and pango. xcb and offscreen stay; Qt falls back to xcb.
    "plugins/egldeviceintegrations/", "plugins/wayland-", "plugins/platformthemes/libqgtk3",
    "platforms/libqeglfs", "platforms/libqlinuxfb", "platforms/libqminimalegl",
    "platforms/libqvkkhrdisplay", "platforms/libqvnc", "platforms/libqwayland",
    "libqt6wayland", "libqt6wl", "libqt6eglfs",
)
# System libraries PyInstaller collected only for the dropped GTK theme plugin (Linux).
DROP_LINUX_LIBS = (
    "libgtk-3", "libgdk-3", "libgdk_pixbuf", "libatk", "libcairo", "libpango", "libepoxy",
    "libxcomposite", "libxcursor", "libxdamage", "libxi.", "libxinerama", "libxrandr",
    "libwayland-", "libthai", "libdatrie", "libpixman", "libfribidi", "libcloudproviders",
    "libtracker", "libcolord", "liblcms2.so", "libjson-glib",
)


def keep(dest: str, windows: bool) -> bool:
    """False for a bundled file (destination path) the app does not need."""
    low = dest.replace("\\", "/").lower()
    if any(part in low for part in DROP_FILE_PARTS):
        return False
    if not windows and low.startswith(DROP_LINUX_LIBS):
        return False
    # Qt translations: keep only Simplified Chinese.
    if "/translations/" in low and low.endswith(".qm") and "_zh_cn" not in low:
        return False
    return True
