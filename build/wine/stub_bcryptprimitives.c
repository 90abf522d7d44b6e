/* Wine 8.0 lacks bcryptprimitives.dll; the Rust build of `cryptography` (pulled in by pdfminer)
   imports ProcessPrng from it. RtlGenRandom (advapi32 SystemFunction036) does the same job. */
#include <windows.h>
#include <ntsecapi.h>
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE d, SIZE_T n) {
  while (n) {
    ULONG k = n > 0x10000000 ? 0x10000000 : (ULONG)n;
    if (!RtlGenRandom(d, k)) return FALSE;
    d += k; n -= k;
  }
  return TRUE;
}
