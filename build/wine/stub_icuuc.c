/* Qt 6.10+ imports these converters from Windows' own ICU (icuuc.dll, Windows 10 1903+), which
   Wine 8 lacks. The program never uses ICU converters, so each reports "unavailable"
   (U_FILE_ACCESS_ERROR = 4) and Qt falls back to its own codecs. Only for the Wine lane. */
#define E __declspec(dllexport)
typedef int UErrorCode;
E void *ucnv_open(const char *n, UErrorCode *e) { if (e && *e <= 0) *e = 4; return 0; }
E void ucnv_close(void *c) {}
E void UCNV_FROM_U_CALLBACK_SUBSTITUTE(void) {}
E void UCNV_TO_U_CALLBACK_SUBSTITUTE(void) {}
E void ucnv_reset(void *c) {}
E signed char ucnv_getMaxCharSize(const void *c) { return 4; }
E const char *ucnv_getName(const void *c, UErrorCode *e) { return ""; }
E void ucnv_getToUCallBack(const void *c, void **a, const void **b) { *a = 0; *b = 0; }
E void ucnv_getFromUCallBack(const void *c, void **a, const void **b) { *a = 0; *b = 0; }
E void ucnv_setToUCallBack(void *c, void *a, const void *b, void **d, const void **f, UErrorCode *e) {}
E void ucnv_setFromUCallBack(void *c, void *a, const void *b, void **d, const void **f, UErrorCode *e) {}
E void ucnv_cbToUWriteUChars(void *a, const void *s, int n, int o, UErrorCode *e) {}
E void ucnv_cbFromUWriteUChars(void *a, const void **s, const void *l, int o, UErrorCode *e) {}
E void ucnv_toUnicode(void *c, void **t, const void *tl, const char **s, const char *sl, int *o,
                      signed char f, UErrorCode *e) { *e = 4; }
E void ucnv_fromUnicode(void *c, char **t, const char *tl, const void **s, const void *sl, int *o,
                        signed char f, UErrorCode *e) { *e = 4; }
E int ucnv_toUCountPending(const void *c, UErrorCode *e) { return 0; }
E int ucnv_fromUCountPending(const void *c, UErrorCode *e) { return 0; }
E const char *ucnv_getStandardName(const char *n, const char *s, UErrorCode *e) { return 0; }
E const char *ucnv_getAvailableName(int i) { return 0; }
E int ucnv_countAvailable(void) { return 0; }
