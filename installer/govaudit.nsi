; 年报审核助手 — per-user NSIS installer for the PyInstaller one-folder bundle.
;
; Compile (build/make.py --installer does this):
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DVERSION4=0.1.0.0 ^
;            -DBUNDLE_DIR=<repo>\dist\年报审核助手 -DOUTFILE=<repo>\dist\GovAudit-0.1.0-setup.exe ^
;            installer\govaudit.nsi
; Optional Authenticode signing of the installer and the uninstaller:
;   -DSIGNTOOL=<path\to\signtool.exe> [-DTIMESTAMP_URL=http://timestamp.digicert.com]
;
; Per-user: no administrator rights, installs to %LOCALAPPDATA%\Programs\年报审核助手, writes only
; under HKCU. The uninstaller removes the program files only; settings, logs
; (%LOCALAPPDATA%\govaudit) and the user's review files are left alone.

Unicode true
ManifestDPIAware true
RequestExecutionLevel user
!ifdef FAST_COMPRESS
  SetCompressor zlib          ; CI structural check only (make.py --fast)
!else
  SetCompressor /SOLID lzma
!endif

!ifndef VERSION
  !error "pass -DVERSION=x.y.z (build/make.py does)"
!endif
!ifndef VERSION4
  !define VERSION4 "${VERSION}.0"
!endif
!ifndef BUNDLE_DIR
  !error "pass -DBUNDLE_DIR=<the PyInstaller one-folder bundle>"
!endif
!ifndef OUTFILE
  !define OUTFILE "GovAudit-${VERSION}-setup.exe"
!endif

!define PRODUCT "年报审核助手"
!define PUBLISHER "年报审核助手开发组"
!define GUI_EXE "年报审核助手.exe"
!define CLI_EXE "govaudit.exe"
!define UNINST_EXE "uninstall.exe"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\govaudit"
!ifndef ICON
  !define ICON "${__FILEDIR__}\..\resources\icons\app.ico"
!endif

!ifdef SIGNTOOL
  !ifndef TIMESTAMP_URL
    !define TIMESTAMP_URL "http://timestamp.digicert.com"
  !endif
  ; %1 is the file makensis just wrote; = 0 makes a signing failure fail the build.
  !finalize '"${SIGNTOOL}" sign /a /fd SHA256 /tr ${TIMESTAMP_URL} /td SHA256 "%1"' = 0
  !uninstfinalize '"${SIGNTOOL}" sign /a /fd SHA256 /tr ${TIMESTAMP_URL} /td SHA256 "%1"' = 0
!endif

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"
ShowInstDetails nevershow
ShowUninstDetails nevershow

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "WinVer.nsh"
!include "x64.nsh"

!define MUI_ABORTWARNING
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"

!define MUI_WELCOMEPAGE_TEXT "本向导将在您的电脑上安装 ${PRODUCT} ${VERSION}。$\r$\n$\r$\n${PRODUCT}用于离线审核《政府信息公开工作年度报告》，不联网，不上传任何文件。$\r$\n$\r$\n本程序只为当前用户安装，不需要管理员权限。$\r$\n$\r$\n点击“下一步”继续。"
!insertmacro MUI_PAGE_WELCOME
!define MUI_COMPONENTSPAGE_NODESC
!insertmacro MUI_PAGE_COMPONENTS
!define MUI_DIRECTORYPAGE_TEXT_TOP "程序将安装到下面的文件夹（默认位于当前用户的目录中，无需管理员权限）。如需安装到其他位置，请点击“浏览”。"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${GUI_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "立即运行 ${PRODUCT}"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "将从下面的文件夹中删除 ${PRODUCT} 的程序文件。$\r$\n您的设置、日志以及保存的审核结果文件不会被删除。"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "${PRODUCT} 安装程序"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "© ${PUBLISHER}"

Function .onInit
  SetShellVarContext current
  ; Qt 6 and current Python need 64-bit Windows 10 or 11. Qt 6.10+ (PySide6) also loads the
  ; ICU that Windows itself ships, complete only from Windows 10 version 1903 (build 18362).
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
  ${OrIfNot} ${AtLeastBuild} 18362
    ; /SD IDOK: a silent (/S) install answers the box itself and ends with exit code 2
    ; instead of waiting for a click nobody will make.
    MessageBox MB_OK|MB_ICONSTOP "${PRODUCT} 需要 64 位的 Windows 10（1903 或更高版本）或 Windows 11。$\r$\nWindows 7/8 及更早的 Windows 10 无法运行本程序所使用的 Qt 6 和 Python。" /SD IDOK
    Abort
  ${EndIf}
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "${PRODUCT}（必需）" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An upgrade must not leave files of the previous version next to the new ones.
  RMDir /r "$INSTDIR\_internal"
  File /r "${BUNDLE_DIR}\*"
  WriteUninstaller "$INSTDIR\${UNINST_EXE}"

  CreateDirectory "$SMPROGRAMS\${PRODUCT}"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\卸载 ${PRODUCT}.lnk" "$INSTDIR\${UNINST_EXE}"

  ; 程序和功能 / 应用和功能 entry for the current user.
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${GUI_EXE},0"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\${UNINST_EXE}"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINST_EXE}" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0
SectionEnd

Section "桌面快捷方式" SecDesktop
  CreateShortcut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0
SectionEnd

Section "Uninstall"
  ; Only what the installer put there: never RMDir /r $INSTDIR, which could be a folder the
  ; user chose that also holds their own files. Settings, logs (%LOCALAPPDATA%\govaudit)
  ; and review files live elsewhere and are kept.
  Delete "$DESKTOP\${PRODUCT}.lnk"
  Delete "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk"
  Delete "$SMPROGRAMS\${PRODUCT}\卸载 ${PRODUCT}.lnk"
  RMDir "$SMPROGRAMS\${PRODUCT}"
  Delete "$INSTDIR\${GUI_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${UNINST_EXE}"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINST_KEY}"
SectionEnd
