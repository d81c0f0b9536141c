/**
 * Where "distance from" points when the phone gives no location: a small gazetteer of Indian
 * cities and well-known study areas (English and Hindi names), because the app has no geocoding
 * service to ask. A place not listed is searched as text (name and address) instead.
 */
export interface Place {
  name: string;
  hi: string;
  lat: number;
  lng: number;
}

export const places: readonly Place[] = [
  { name: 'Delhi', hi: 'दिल्ली', lat: 28.6139, lng: 77.209 },
  { name: 'Mukherjee Nagar', hi: 'मुखर्जी नगर', lat: 28.7076, lng: 77.2085 },
  { name: 'Laxmi Nagar', hi: 'लक्ष्मी नगर', lat: 28.6304, lng: 77.2777 },
  { name: 'Noida', hi: 'नोएडा', lat: 28.5355, lng: 77.391 },
  { name: 'Gurugram', hi: 'गुरुग्राम', lat: 28.4595, lng: 77.0266 },
  { name: 'Mumbai', hi: 'मुंबई', lat: 19.076, lng: 72.8777 },
  { name: 'Pune', hi: 'पुणे', lat: 18.5204, lng: 73.8567 },
  { name: 'Bengaluru', hi: 'बेंगलुरु', lat: 12.9716, lng: 77.5946 },
  { name: 'Koramangala', hi: 'कोरमंगला', lat: 12.9352, lng: 77.6245 },
  { name: 'Jayanagar', hi: 'जयनगर', lat: 12.925, lng: 77.5938 },
  { name: 'Hyderabad', hi: 'हैदराबाद', lat: 17.385, lng: 78.4867 },
  { name: 'Chennai', hi: 'चेन्नई', lat: 13.0827, lng: 80.2707 },
  { name: 'Kolkata', hi: 'कोलकाता', lat: 22.5726, lng: 88.3639 },
  { name: 'Ahmedabad', hi: 'अहमदाबाद', lat: 23.0225, lng: 72.5714 },
  { name: 'Jaipur', hi: 'जयपुर', lat: 26.9124, lng: 75.7873 },
  { name: 'Kota', hi: 'कोटा', lat: 25.2138, lng: 75.8648 },
  { name: 'Lucknow', hi: 'लखनऊ', lat: 26.8467, lng: 80.9462 },
  { name: 'Prayagraj', hi: 'प्रयागराज', lat: 25.4358, lng: 81.8463 },
  { name: 'Varanasi', hi: 'वाराणसी', lat: 25.3176, lng: 82.9739 },
  { name: 'Patna', hi: 'पटना', lat: 25.5941, lng: 85.1376 },
  { name: 'Indore', hi: 'इंदौर', lat: 22.7196, lng: 75.8577 },
  { name: 'Bhopal', hi: 'भोपाल', lat: 23.2599, lng: 77.4126 },
  { name: 'Chandigarh', hi: 'चंडीगढ़', lat: 30.7333, lng: 76.7794 },
  { name: 'Dehradun', hi: 'देहरादून', lat: 30.3165, lng: 78.0322 },
  { name: 'Nagpur', hi: 'नागपुर', lat: 21.1458, lng: 79.0882 },
  { name: 'Kanpur', hi: 'कानपुर', lat: 26.4499, lng: 80.3319 },
  { name: 'Ranchi', hi: 'रांची', lat: 23.3441, lng: 85.3096 },
  { name: 'Guwahati', hi: 'गुवाहाटी', lat: 26.1445, lng: 91.7362 },
  { name: 'Thiruvananthapuram', hi: 'तिरुवनंतपुरम', lat: 8.5241, lng: 76.9366 },
];

/** The listed place a typed name means (either language, any case), or null. */
export function findPlace(typed: string): Place | null {
  const key = typed.trim().toLocaleLowerCase();
  if (!key) return null;
  return places.find((p) => p.name.toLocaleLowerCase() === key || p.hi === typed.trim()) ?? null;
}
