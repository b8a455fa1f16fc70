// Published vectors: Dojo's webhook documentation and its .NET/PHP SDK tests sign this exact body.
export const DOC_BODY =
  '{"id":"evt_hnnHxIKR_Uy6bhZCusCltw","event":"payment_intent.created","accountId":"acc_test","createdAt":"2022-02-01T13:07:41.8667859Z","data":{"paymentIntentId":"pi_vpwd4ooAPEqyNAQe4z89WQ","paymentStatus":"Created","captureMode":"Auto"}}';
export const DOC_SECRET = 'ws_OYsyzcrH70GpJfs8MMkKpg';
export const DOC_SIGNATURE = 'sha256=94-AC-93-67-D6-8B-69-6D-15-A2-C2-45-40-98-B5-E7-64-72-38-C5-1F-6D-32-D0-5F-CB-91-20-A9-20-64-F4';
export const SDK_SECRET = 'PDYkJQq6sESYHp_zJuTTBQ';
export const SDK_SIGNATURE = 'sha256=4B-49-F8-FE-25-A7-E6-7D-00-4F-A7-9C-F8-0B-63-00-C7-77-B4-F2-2D-E5-E1-22-84-FA-04-18-50-A1-76-FD';
export const SDK_WRONG_SIGNATURE = 'sha256=5B-49-F8-FE-25-A7-E6-7D-00-4F-A7-9C-F8-0B-63-00-C7-77-B4-F2-2D-E5-E1-22-84-FA-04-18-50-A1-76-FD';
